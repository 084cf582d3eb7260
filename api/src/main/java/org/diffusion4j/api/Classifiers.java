package org.diffusion4j.api;

import java.nio.file.Path;
import java.util.List;
import org.diffusion4j.core.classifiers.ClassifierDescription;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.evaluation.Predictions;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.models.LeNetClassifier;
import org.diffusion4j.training.ClassifierEpoch;
import org.diffusion4j.training.ClassifierTrainer;
import org.diffusion4j.training.ClassifierTrainingConfig;
import org.diffusion4j.training.ClassifierTrainingListener;

/**
 * Trains the LeNet-5 whose features give the Fréchet LeNet distance ({@link Evaluation}), as `classifier train` does:
 * <pre>{@code
 * double accuracy = Classifiers.trainLeNet(TrainingSet.mnist(), null, ClassifierTrainingConfig.builder().build(),
 *         ClassifierTrainingListener.SILENT).testAccuracy();
 * }</pre>
 */
public final class Classifiers {

    private Classifiers() {
    }

    /** A trained classifier's accuracy on the test split and its epochs. */
    public record LeNetTraining(double testAccuracy, List<ClassifierEpoch> history) {
    }

    /**
     * Trains LeNet-5 on an MNIST-format set into {@code folder} (null: where {@link Evaluation} looks by default), records its
     * accuracy on the set's test split beside it and returns that accuracy.
     */
    public static LeNetTraining trainLeNet(TrainingSet.Idx data, Path folder, ClassifierTrainingConfig config, ClassifierTrainingListener listener) {
        ClassifierFolder target = ClassifierFolder.explicitOrDefault(folder);
        MnistDataset all = MnistDataset.load(data.files(), Split.TRAIN);
        if (data.limit() != null && data.limit() > 0 && data.limit() < all.size()) {
            all = all.subset(data.limit());
        }
        TrainValidationSplit split = all.split(config.validationFraction(), config.seed());
        List<ClassifierEpoch> history = new ClassifierTrainer(target, config, listener).train(split.train(), split.validation(),
                data.kind().id());
        if (history.isEmpty()) {
            throw new IllegalStateException("the classifier trained no epoch; give it at least one");
        }
        MnistDataset test = MnistDataset.load(data.files(), Split.TEST);
        double accuracy;
        try (LeNetClassifier classifier = LeNetClassifier.load(target, config.threads())) {
            accuracy = accuracy(classifier, test);
        }
        ClassifierDescription description = target.readDescription().withTestAccuracy(accuracy);
        target.writeDescription(description);
        return new LeNetTraining(accuracy, history);
    }

    /** The share of {@code test}'s images the classifier labels right. */
    public static double accuracy(LeNetClassifier classifier, MnistDataset test) {
        int[] all = new int[test.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        int[] predicted = Predictions.labels(classifier.probabilities(test.batch(all)), classifier.classes());
        return Predictions.accuracy(predicted, test.labels());
    }
}
