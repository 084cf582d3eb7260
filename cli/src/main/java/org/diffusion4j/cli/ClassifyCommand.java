package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.interop.InteropJson;
import org.diffusion4j.evaluation.ClassifierAccuracy;
import org.diffusion4j.interop.imports.ClassifierCard;
import org.diffusion4j.interop.imports.SavedModelClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Measures an imported SavedModel classifier on the test split, to check it before using it as a judge. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Report the test accuracy of a SavedModel classifier (e.g. a Keras model.save or model.export).",
                "Without --card, the image input, the score output and whether it holds probabilities (a Softmax op) or logits "
                        + "are read from the graph, and pixels are assumed to be 0..1 (a note says so)."})
final class ClassifyCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "SavedModel folder")
    Path directory;

    @Option(names = "--card", description = "JSON card: signature, imageInput, output, scores, pixels, fit, features (each overrides what is inferred)")
    Path card;

    @Option(names = "--signature", description = "signature to call (overrides the card; default serving_default)")
    String signature;

    @Option(names = "--count", defaultValue = "10000", description = "test images to score (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch-size", defaultValue = "1000") int batchSize;

    @Option(names = "--trust-model", description = "load even if the model would run file, process or network ops")
    boolean trustModel;

    @Option(names = "--threads", defaultValue = "0") int threads;

    @Option(names = {"-q", "--quiet"}) boolean quiet;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        ClassifierCard given = card != null ? InteropJson.read(card, ClassifierCard.class) : null;
        MnistDataset test = MnistDataset.load(data.locate(quiet), Split.TEST);
        try (SavedModelClassifier classifier = SavedModelClassifier.open(directory, given, signature, trustModel, threads)) {
            classifier.assumptions().forEach(a -> System.out.println("note: " + a + "; pass --card to override"));
            double accuracy = ClassifierAccuracy.measure(classifier, test, count, batchSize);
            System.out.printf(Locale.ROOT, "%s: %.2f%% on %d %s test images%n", directory, 100 * accuracy, Math.min(count, test.size()),
                    data.dataset);
        }
        return 0;
    }
}
