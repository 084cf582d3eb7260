package org.diffusion4j.training;

/** The steps since the last row of steps.csv, which that row and TensorBoard's step scalars sum up. */
final class StepWindow {

    /** Steps per row; a session counts them from its own start. */
    static final int STEPS = 50;

    private double lossSum;
    private int count;
    private long stepNanos;

    /** Counts a step in; true once the window is full, to be read and then cleared. */
    boolean add(StepResult step) {
        lossSum += step.loss();
        count++;
        stepNanos += step.stepNanos();
        return count == STEPS;
    }

    double meanLoss() {
        return lossSum / count;
    }

    /** Throughput inside the steps only, leaving out validation, checkpoints and grids. */
    double imagesPerSecond(int batchSize) {
        return (double) count * batchSize / Math.max(stepNanos / 1e9, 1e-9);
    }

    void clear() {
        lossSum = 0;
        count = 0;
        stepNanos = 0;
    }
}
