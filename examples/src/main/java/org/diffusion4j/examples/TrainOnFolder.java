package org.diffusion4j.examples;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.diffusion4j.api.TrainingRun;
import org.diffusion4j.api.TrainingSet;
import org.diffusion4j.datasets.ImageFolderSettings;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.training.EpochSummary;
import org.diffusion4j.training.StepResult;
import org.diffusion4j.training.TrainingListener;

/**
 * One short epoch of a class-conditional U-Net on a folder of images whose sub-folders are the classes, with a listener of
 * one's own: {@code TrainOnFolder IMAGE_FOLDER RUN_FOLDER}.
 */
public final class TrainOnFolder {

    private TrainOnFolder() {
    }

    /** Counts the steps and prints each epoch's losses: what a service would send to its own metrics. */
    static final class LossReporter implements TrainingListener {
        final AtomicLong steps = new AtomicLong();

        @Override
        public void onStep(StepResult step) {
            steps.incrementAndGet();
        }

        @Override
        public void onEpoch(EpochSummary summary) {
            System.out.printf("epoch %d: %d steps, train loss %.4f, validation loss %.4f%n", summary.epoch(), steps.get(),
                    summary.trainLoss(), summary.validationLoss());
        }
    }

    public static void main(String[] args) {
        LossReporter reporter = new LossReporter();
        TrainingSet.Folder images = TrainingSet.folder(Path.of(args[0]), ImageFolderSettings.builder().imageSize(16).channels(1).build(),
                false, System.out::println);
        TrainingRun.create(Path.of(args[1]))
                .data(images)
                .conditional(true)
                .network(shape -> UNetConfig.document000(shape.imageSize()).toBuilder().modelChannels(16).classes(shape.classes()).build())
                .configure(config -> config.epochs(1).batchSize(16).warmupSteps(0))
                .listener(reporter)
                // The quality curve, on by default for folders, would first train the folder's LeNet-5: off in a seconds-long example.
                .qualityCurve(0, TrainingRun.DEFAULT_QUALITY_SAMPLES)
                .sampleGrids(false)
                .build()
                .train();
        System.out.println("steps seen by the listener: " + reporter.steps.get());
    }
}
