package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.training.ClassifierEpoch;
import org.diffusion4j.training.ClassifierTrainingConfig;
import org.diffusion4j.training.ClassifierTrainingListener;
import org.diffusion4j.training.EpochSummary;
import org.diffusion4j.api.Classifiers;
import org.diffusion4j.api.TrainingSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The LeNet-5 judge of generated images: 'classifier train' makes one where 'evaluate' looks by default. */
@Command(name = "classifier", mixinStandardHelpOptions = true,
        description = "Train the LeNet-5 classifier that 'evaluate' uses to score generated images (MNIST's, or an image folder's).",
        subcommands = {ClassifierCommand.Train.class})
final class ClassifierCommand {

    /** The folder given with --out / --classifier, else the per-user default. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train LeNet-5 on the training split, report validation accuracy per epoch and the test accuracy; "
                    + "with --images, on the folder's classes (its sub-folders), holding out the images 'train --images' holds out.")
    static final class Train implements Callable<Integer> {

        @Option(names = "--out", description = "classifier folder (default: $DIFFUSION4J_HOME or ~/.diffusion4j, "
                + "then classifiers/" + ClassifierFolder.DEFAULT_NAME + ", or for --images one named after the folder and size)")
        Path out;

        @Mixin
        DataOptions data;

        @Mixin
        DataOptions.FolderOptions folderOptions;

        @Option(names = "--split-seed", defaultValue = "42", description = "--images: seed of the held-out split; keep it at the "
                + "diffusion run's --seed so the images its evaluation holds out were never trained on (default: ${DEFAULT-VALUE})")
        long splitSeed;

        @Option(names = "--epochs") Integer epochs;
        @Option(names = "--batch-size") Integer batchSize;
        @Option(names = "--learning-rate", description = "Adam rate at the start, decayed along a half cosine") Double learningRate;
        @Option(names = "--max-shift", description = "random shifts of up to N pixels (0: no augmentation)") Integer maxShift;
        @Option(names = "--limit", description = "train on the first N training images only (0: all)") int limit;
        @Option(names = "--seed") Long seed;
        @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads (0: one per core)") int threads;
        @Option(names = {"-q", "--quiet"}, description = "one line per epoch instead of a progress bar") boolean quiet;

        @Override
        public Integer call() {
            ClassifierTrainingConfig.Builder recipe = ClassifierTrainingConfig.builder().threads(threads);
            Optional.ofNullable(epochs).ifPresent(recipe::epochs);
            Optional.ofNullable(batchSize).ifPresent(recipe::batchSize);
            Optional.ofNullable(learningRate).ifPresent(recipe::learningRate);
            Optional.ofNullable(maxShift).ifPresent(recipe::maxShift);
            Optional.ofNullable(seed).ifPresent(recipe::seed);
            if (folderOptions.images != null) {
                // The folder recipe: the defaults were made for 54,000 digits; a few thousand images need more epochs.
                recipe.epochs(epochs != null ? epochs : FOLDER_EPOCHS);
                recipe.batchSize(batchSize != null ? batchSize : FOLDER_BATCH_SIZE);
                return trainOnFolder(recipe.build());
            }
            ClassifierTrainingConfig config = recipe.build();
            ClassifierFolder folder = ClassifierFolder.explicitOrDefault(out);
            System.out.println("training LeNet-5 (" + config.summary() + ") into " + folder.root());
            long started = System.nanoTime();
            Classifiers.LeNetTraining trained;
            try (EpochLines progress = new EpochLines(quiet, config.batchSize())) {
                trained = Classifiers.trainLeNet(new TrainingSet.Idx(data.kind(), data.locate(quiet), limit, false), out, config, progress);
            }
            double trainingSeconds = (System.nanoTime() - started) / 1e9;
            double testAccuracy = trained.testAccuracy();
            List<ClassifierEpoch> history = trained.history();
            ClassifierEpoch last = history.get(history.size() - 1);
            System.out.printf(Locale.ROOT, "test accuracy %.2f%% (validation %.2f%%) after %d epochs, %.0f s; classifier in %s%n",
                    100 * testAccuracy, 100 * last.validationAccuracy(), last.epoch(), trainingSeconds, folder.root());
            return 0;
        }

        /** LeNet-5 on an image folder's classes; its held-out images are the diffusion run's, so they stay unseen. */
        private int trainOnFolder(ClassifierTrainingConfig config) {
            TrainingSet.Folder images = TrainingSet.folder(folderOptions.images, folderOptions.settings(), folderOptions.randomFlip,
                    DataOptions.folderLoader(folderOptions.cacheRoot));
            Classifiers.LeNetTraining trained;
            try (EpochLines progress = new EpochLines(quiet, config.batchSize())) {
                trained = Classifiers.trainLeNet(images, splitSeed, out, config, progress, System.out::println);
            }
            ClassifierEpoch last = trained.history().get(trained.history().size() - 1);
            int classes = images.images().classNames().size();
            System.out.printf(Locale.ROOT, "held-out accuracy %.2f%% over %d classes (chance %.2f%%) after %d epochs, %.0f s; classifier in %s%n",
                    100 * trained.testAccuracy(), classes, 100.0 / classes, last.epoch(), last.elapsedSeconds(), trained.folder());
            return 0;
        }
    }

    /** Epochs on an image folder unless --epochs says otherwise. */
    static final int FOLDER_EPOCHS = Classifiers.FOLDER_EPOCHS;
    /** Batch size on an image folder unless --batch-size says otherwise. */
    static final int FOLDER_BATCH_SIZE = Classifiers.FOLDER_BATCH_SIZE;

    /** The U-Net trainer's progress bar, with the validation accuracy added to each epoch's line. */
    private static final class EpochLines implements ClassifierTrainingListener, AutoCloseable {

        private final TrainingProgress progress;

        EpochLines(boolean quiet, int batchSize) {
            this.progress = new TrainingProgress(quiet, () -> batchSize);
        }

        @Override
        public void onStart(long startStep, long totalSteps, int stepsPerEpoch, long parameterCount) {
            progress.onStart(startStep, totalSteps, stepsPerEpoch, parameterCount);
        }

        @Override
        public void onStep(long step, long totalSteps, float loss, double imagesPerSecond) {
            progress.onStep(step, totalSteps, loss, imagesPerSecond);
        }

        @Override
        public void onEpoch(EpochSummary summary) {
            progress.onEpoch(summary);
        }

        @Override
        public void onClassifierEpoch(ClassifierEpoch epoch) {
            System.out.printf(Locale.ROOT, "epoch %d: validation accuracy %.2f%%%n", epoch.epoch(), 100 * epoch.validationAccuracy());
        }

        @Override
        public void close() {
            progress.close();
        }
    }
}
