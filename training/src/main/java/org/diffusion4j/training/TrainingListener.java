package org.diffusion4j.training;

import java.nio.file.Path;
import java.util.List;

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

    /** One listener that hands every event to each of {@code listeners} in turn. */
    static TrainingListener all(List<TrainingListener> listeners) {
        List<TrainingListener> copy = List.copyOf(listeners);
        if (copy.size() == 1) {
            return copy.get(0);
        }
        return new TrainingListener() {
            @Override
            public void onStart(long startStep, long totalSteps, int stepsPerEpoch, long parameterCount) {
                copy.forEach(l -> l.onStart(startStep, totalSteps, stepsPerEpoch, parameterCount));
            }

            @Override
            public void onStep(StepResult step) {
                copy.forEach(l -> l.onStep(step));
            }

            @Override
            public void onEpoch(EpochSummary summary) {
                copy.forEach(l -> l.onEpoch(summary));
            }

            @Override
            public void onCheckpoint(Path file, long step) {
                copy.forEach(l -> l.onCheckpoint(file, step));
            }
        };
    }
}
