package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.diffusion4j.api.Diffusion;
import org.diffusion4j.api.DiffusionModel;
import org.diffusion4j.api.GeneratedImages;
import org.diffusion4j.api.Generation;
import org.diffusion4j.api.OpenOptions;
import org.diffusion4j.core.samplers.SamplerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Samples with a denoiser imported from a SavedModel (a diffusion4j export or a card-described foreign model). */
@Command(name = "sample-imported", mixinStandardHelpOptions = true,
        description = {"Generate images with a SavedModel denoiser through diffusion4j's own samplers.",
                "diffusion4j exports need no card; other models need a --card JSON (what the signature cannot tell)."})
final class ImportedSampleCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "SavedModel folder")
    Path directory;

    @Option(names = "--card", description = "JSON card: signature, inputs, time feeding, prediction, schedule, pixels, fit")
    Path card;

    @Option(names = "--signature", description = "signature to call (overrides the card; default serving_default)")
    String signature;

    @Mixin
    SamplerOptions sampling = SamplerOptions.forImportedModels();

    @Option(names = "--count", defaultValue = "64") int count;

    @Option(names = "--seed", defaultValue = "0") long seed;

    @Option(names = "--size", description = "output image size, via the card's fit (default: 28, MNIST's, for a greyscale "
            + "model; a colour model's own size)")
    Integer size;

    @Option(names = "--columns", defaultValue = "8") int columns;

    @Option(names = "--scale", defaultValue = "3") int scale;

    @Option(names = "--out", defaultValue = "imported-samples.png") Path out;

    @Option(names = "--trust-model", description = "load even if the model would run file, process or network ops")
    boolean trustModel;

    @Option(names = "--threads", defaultValue = "0") int threads;

    @Option(names = "--digit", description = "class-conditional models: the digit to draw (default: one grid row per digit)")
    Integer digit;

    @Option(names = "--class", paramLabel = "NAME", description = "class-conditional exports of a run trained on --images: the "
            + "class to draw, by the name in the export's assets/classes.txt (default: one grid row per class)")
    String className;

    @Mixin
    GuidanceOptions guidance;

    @Option(names = "--tw-checkpoint", description = "the directory is the raw Keras TF2 checkpoint of the tw-diffusion "
            + "U-Net (not a SavedModel): rebuild that network in Java and load its weights; --card gives pixels, fit and schedule")
    boolean twCheckpoint;

    @Override
    public Integer call() {
        if (twCheckpoint && (digit != null || className != null || guidance.scale != null || guidance.maxStep != null)) {
            throw new IllegalArgumentException("the tw-diffusion checkpoint takes no class labels; drop --digit, --class and --guidance");
        }
        OpenOptions options = OpenOptions.builder().threads(threads).card(card).signature(signature).trustModel(trustModel)
                .outputSize(size != null ? size : 0).twCheckpoint(twCheckpoint).build();
        try (DiffusionModel model = Diffusion.open(directory, options)) {
            SamplerSpec sampler = sampling.forImportedModel(model.prediction());
            GeneratedImages images = model.generate(Generation.builder().count(count).seed(seed).sampler(sampler)
                    .batchSize(sampling.batchSize).digit(digit).className(className).guidance(guidance.scale).guidanceMaxStep(guidance.maxStep)
                    .perClass(columns).build());
            images.writeGrid(out, columns, scale);
            System.out.printf(Locale.ROOT, "wrote %d images to %s (%.1f s)%n", images.count(), out, images.seconds());
        }
        return 0;
    }
}
