package org.diffusion4j.training;

/**
 * One finished training step, as listeners see it.
 *
 * @param step            steps done, this one included: what checkpoints and logs count
 * @param totalSteps      steps of the whole run
 * @param loss            the batch's loss before the update
 * @param learningRate    Adam's rate in this step
 * @param stepNanos       time spent drawing the batch and stepping, without any listener's work
 * @param imagesPerSecond this session's throughput so far, everything included
 * @param elapsedSeconds  training time of the run so far, earlier sessions included
 */
public record StepResult(long step, long totalSteps, float loss, double learningRate, long stepNanos, double imagesPerSecond,
                         double elapsedSeconds) {
}
