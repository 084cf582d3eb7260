package org.diffusion4j.training;

/**
 * Stops a run whose loss is no longer finite or has exploded, before the loss reaches a log or the weights a
 * checkpoint, so the last checkpoint still holds the weights from before the divergence.
 */
final class DivergenceCheck implements TrainingListener {

    /**
     * The loss a step may not exceed. The reported loss is the noise prediction's error against unit-variance noise,
     * so predicting nothing at all scores about 1 (MSE) or 0.8 (L1); 100 times that is no model learning. Waiting for
     * NaN is not enough: a colour U-Net at too high a rate ran 130 steps with losses up to 1e12 before its first NaN,
     * and five checkpoints of ruined weights replaced the good one (docs/RESULTS.md, section 6).
     */
    static final float LIMIT = 100f;

    @Override
    public void onStep(StepResult step) {
        if (!Float.isFinite(step.loss()) || step.loss() > LIMIT) {
            // Counted from 0 here, as the step's seed is.
            throw new IllegalStateException("training diverged at step " + (step.step() - 1) + " (loss " + step.loss()
                    + "); lower --learning-rate and resume from the last checkpoint, which is from before it");
        }
    }
}
