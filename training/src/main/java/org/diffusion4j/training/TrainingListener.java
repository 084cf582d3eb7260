package org.diffusion4j.training;

import java.nio.file.Path;

/**
 * Sees a training run as it goes: progress bars, logs, tests. The trainer's own duties (checkpoints, CSV logs,
 * TensorBoard, the loss plot) are listeners too.
 */
public interface TrainingListener {

    TrainingListener SILENT = new TrainingListener() { };

    default void onStart(long startStep, long totalSteps, int stepsPerEpoch, long parameterCount) {
    }

    /** After each step; {@code step} counts the steps done, this one included. */
    default void onStep(long step, long totalSteps, float loss, double imagesPerSecond) {
    }

    /** After each step, with everything the loop measured; passes the progress figures to the method above unless overridden. */
    default void onStep(StepResult step) {
        onStep(step.step(), step.totalSteps(), step.loss(), step.imagesPerSecond());
    }

    default void onEpoch(EpochSummary summary) {
    }

    default void onCheckpoint(Path file, long step) {
    }
}
