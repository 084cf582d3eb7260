package org.diffusion4j.training;

/** Stops a run whose loss is no longer finite, before the loss reaches a log or the weights a checkpoint. */
final class DivergenceCheck implements TrainingListener {

    @Override
    public void onStep(StepResult step) {
        if (!Float.isFinite(step.loss())) {
            // Counted from 0 here, as the step's seed is.
            throw new IllegalStateException("training diverged at step " + (step.step() - 1) + " (loss " + step.loss()
                    + "); lower --learning-rate or resume from the last checkpoint with a smaller one");
        }
    }
}
