package org.diffusion4j.training;

import java.nio.file.Path;

/** Sees a training run as it goes: progress bars, logs, tests. */
public interface TrainingListener {

    TrainingListener SILENT = new TrainingListener() { };

    default void onStart(long startStep, long totalSteps, int stepsPerEpoch, long parameterCount) {
    }

    default void onStep(long step, long totalSteps, float loss, double imagesPerSecond) {
    }

    default void onEpoch(EpochSummary summary) {
    }

    default void onCheckpoint(Path file, long step) {
    }
}
