package org.diffusion4j.api;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.diffusion4j.datasets.ImageFolderDataset;
import org.diffusion4j.training.FolderTrainingData;
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

    /**
     * A trained classifier: where it is, its accuracy on the images it never saw (an MNIST-format set's test split, or the
     * images a folder holds out), and its epochs.
     */
    public record LeNetTraining(Path folder, double testAccuracy, List<ClassifierEpoch> history) {
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
        return new LeNetTraining(target.root(), accuracy, history);
    }

    /** Epochs of a folder's LeNet-5: the defaults were made for 54,000 digits; a few thousand images need more passes. */
    public static final int FOLDER_EPOCHS = 60;
    /** Batch size of a folder's LeNet-5. */
    public static final int FOLDER_BATCH_SIZE = 32;

    /**
     * Trains LeNet-5 on an image folder's classes into {@code folder} (null: where {@link Evaluation} looks for this folder,
     * size and channels), holding out what a diffusion run with seed {@code splitSeed} holds out, so those images stay unseen
     * and can score that run; {@code messages} hears what is trained on.
     */
    public static LeNetTraining trainLeNet(TrainingSet.Folder images, long splitSeed, Path folder, ClassifierTrainingConfig config,
                                           ClassifierTrainingListener listener, Consumer<String> messages) {
        ImageFolderDataset dataset = images.images();
        Path root = Path.of(images.spec().path());
        ClassifierFolder target = ClassifierFolder.explicitOrDefaultForImages(folder, root, dataset.imageSize(), dataset.channels());
        ImageFolderDataset.Split split = dataset.split(splitSeed);
        FolderTrainingData train = images.spec().randomFlip() ? FolderTrainingData.randomlyFlipped(split.train(), config.seed())
                : FolderTrainingData.plain(split.train());
        ClassifierTrainer.LabelledData labelled = ClassifierTrainer.LabelledData.folder(train, FolderTrainingData.plain(split.validation()),
                root.toString());
        messages.accept("training LeNet-5 on " + split.train().size() + " images of " + root + " (" + labelled.input().classes()
                + " classes, " + dataset.imageSize() + "x" + dataset.imageSize() + "x" + dataset.channels() + "; " + split.validation().size()
                + " held out; " + config.summary() + ") into " + target.root());
        List<ClassifierEpoch> history = new ClassifierTrainer(target, config, listener).train(labelled);
        if (history.isEmpty()) {
            throw new IllegalStateException("the classifier trained no epoch; give it at least one");
        }
        return new LeNetTraining(target.root(), history.get(history.size() - 1).validationAccuracy(), history);
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
