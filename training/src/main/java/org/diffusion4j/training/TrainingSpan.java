package org.diffusion4j.training;

/**
 * The steps one session trains, within its run.
 *
 * @param startStep     steps done before the session: 0, or the checkpoint's
 * @param stopStep      the session stops (after checkpointing) once this many are done
 * @param totalSteps    steps of the whole run, which the learning-rate schedule spans
 * @param stepsPerEpoch steps in each epoch
 * @param startSeconds  training time spent before the session, from the checkpoint
 */
record TrainingSpan(long startStep, long stopStep, long totalSteps, int stepsPerEpoch, double startSeconds) {

    /** Whether the step that brings the count to {@code stepsDone} ends an epoch. */
    boolean endsEpoch(long stepsDone) {
        return stepsDone % stepsPerEpoch == 0;
    }
}
