package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.diffusion4j.training.EpochSummary;
import org.diffusion4j.training.TrainingListener;

/** A progress bar with loss, images per second and time left; in quiet mode one log line per epoch. */
final class TrainingProgress implements TrainingListener, AutoCloseable {

    private final boolean quiet;
    /** The run's batch size, read once training starts (the run settles it from its preset and options). */
    private final IntSupplier batchSize;
    private ProgressBar bar;
    private double smoothedLoss = Double.NaN;

    TrainingProgress(boolean quiet, IntSupplier batchSize) {
        this.quiet = quiet;
        this.batchSize = batchSize;
    }

    @Override
    public void onStart(long startStep, long totalSteps, int stepsPerEpoch, long parameterCount) {
        String start = String.format(Locale.ROOT, "training %,d parameters: %d steps of %d images (%d per epoch)%s",
                parameterCount, totalSteps, batchSize.getAsInt(), stepsPerEpoch, startStep > 0 ? ", resuming at step " + startStep : "");
        System.out.println(start);
        if (!quiet) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(1000).startsFrom(startStep, java.time.Duration.ZERO).setUnit(" steps", 1).build();
        }
    }

    @Override
    public void onStep(long step, long totalSteps, float loss, double imagesPerSecond) {
        smoothedLoss = Double.isNaN(smoothedLoss) ? loss : 0.98 * smoothedLoss + 0.02 * loss;
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f, %.0f img/s", smoothedLoss, imagesPerSecond));
        }
    }

    @Override
    public void onEpoch(EpochSummary s) {
        String line = String.format(Locale.ROOT, "epoch %d: train loss %.4f, validation loss %.4f, lr %.2e, %.0f img/s, %.0f s",
                s.epoch(), s.trainLoss(), s.validationLoss(), s.learningRate(), s.imagesPerSecond(), s.elapsedSeconds());
        if (bar != null) {
            System.err.print("\r");
            System.err.flush();
        }
        System.out.println(line);
    }

    @Override
    public void onCheckpoint(Path file, long step) {
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
