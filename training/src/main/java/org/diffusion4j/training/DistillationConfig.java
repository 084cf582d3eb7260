package org.diffusion4j.training;

/**
 * How a student is distilled: the rounds run from {@code grid / 2} steps, halving each round, down to {@code steps}.
 * Built from documented defaults with {@link #defaults()} and the {@code with} methods.
 *
 * @param steps          the student's final number of denoiser calls; a power of two times fewer than the grid
 * @param grid           the teacher's deterministic DDIM walk the student learns: 64 of the 100 timesteps by default
 * @param stepsPerRound  optimisation steps in each round
 * @param batchSize      images per step
 * @param learningRate   Adam's rate at a round's start, falling linearly to zero at its end (each round starts afresh)
 * @param emaDecay       decay of the weights' moving average, which is what the next round's teacher and sampling use
 * @param guidance       for a conditional teacher, the classifier-free guidance scale distilled into the student (its
 *                       first round's teacher is guided at this scale; the student then needs one call per step)
 * @param seed           where every draw comes from: the batch order, each image's step and its noise
 * @param checkpointEverySteps a checkpoint at these intervals too, besides every round's end (0: rounds only)
 * @param threads        TensorFlow op threads (0: its default)
 */
public record DistillationConfig(int steps, int grid, int stepsPerRound, int batchSize, double learningRate, double emaDecay,
                                 double guidance, long seed, int checkpointEverySteps, int threads) {

    /** Four calls: the target of the distillation issue, two rounds short of one call. */
    public static final int DEFAULT_STEPS = 4;
    /** 64 of the teacher's 100 timesteps: halving reaches 4 in four rounds (64 -> 32 -> 16 -> 8 -> 4). */
    public static final int DEFAULT_GRID = 64;
    /** Sized so that four rounds of the quality U-Net fit in about an hour and a half of 2 cores (docs/RESULTS.md). */
    public static final int DEFAULT_STEPS_PER_ROUND = 1_000;
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** A fine-tuning rate: the student starts as its teacher. */
    public static final double DEFAULT_LEARNING_RATE = 2e-4;
    /** A window of about 200 steps: rounds are short, and the end of a round is what counts. */
    public static final double DEFAULT_EMA_DECAY = 0.995;
    /** The scale the conditional U-Net samples best at (docs/RESULTS.md, section 2). */
    public static final double DEFAULT_GUIDANCE = 3.0;

    public DistillationConfig {
        if (steps < 1 || grid < 2 * steps || grid % steps != 0 || Integer.bitCount(grid / steps) != 1) {
            throw new IllegalArgumentException("a student of " + steps + " steps cannot be halved down to from a grid of " + grid
                    + "; the grid must be the steps times a power of two (e.g. --to 4 --grid 64)");
        }
        if (stepsPerRound < 1 || batchSize < 1) {
            throw new IllegalArgumentException("steps per round and batch size must be at least 1");
        }
        if (!(learningRate > 0) || !(emaDecay >= 0 && emaDecay < 1) || !(guidance >= 0) || Double.isInfinite(guidance)) {
            throw new IllegalArgumentException("the learning rate must be positive, the EMA decay in [0, 1) and the guidance >= 0");
        }
    }

    public static DistillationConfig defaults() {
        return new DistillationConfig(DEFAULT_STEPS, DEFAULT_GRID, DEFAULT_STEPS_PER_ROUND, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE,
                DEFAULT_EMA_DECAY, DEFAULT_GUIDANCE, 42, 0, 0);
    }

    /** log2(grid / steps): each halves the steps. */
    public int rounds() {
        return Integer.numberOfTrailingZeros(grid / steps);
    }

    /** The student's steps in 1-based round {@code round}: grid / 2^round. */
    public int studentSteps(int round) {
        return grid >> round;
    }

    public long totalSteps() {
        return (long) rounds() * stepsPerRound;
    }

    public DistillationConfig withSteps(int value) {
        return new DistillationConfig(value, grid, stepsPerRound, batchSize, learningRate, emaDecay, guidance, seed, checkpointEverySteps, threads);
    }

    public DistillationConfig withGrid(int value) {
        return new DistillationConfig(steps, value, stepsPerRound, batchSize, learningRate, emaDecay, guidance, seed, checkpointEverySteps, threads);
    }

    public DistillationConfig withStepsPerRound(int value) {
        return new DistillationConfig(steps, grid, value, batchSize, learningRate, emaDecay, guidance, seed, checkpointEverySteps, threads);
    }

    public DistillationConfig withBatchSize(int value) {
        return new DistillationConfig(steps, grid, stepsPerRound, value, learningRate, emaDecay, guidance, seed, checkpointEverySteps, threads);
    }

    public DistillationConfig withLearningRate(double value) {
        return new DistillationConfig(steps, grid, stepsPerRound, batchSize, value, emaDecay, guidance, seed, checkpointEverySteps, threads);
    }

    public DistillationConfig withEmaDecay(double value) {
        return new DistillationConfig(steps, grid, stepsPerRound, batchSize, learningRate, value, guidance, seed, checkpointEverySteps, threads);
    }

    public DistillationConfig withGuidance(double value) {
        return new DistillationConfig(steps, grid, stepsPerRound, batchSize, learningRate, emaDecay, value, seed, checkpointEverySteps, threads);
    }

    public DistillationConfig withSeed(long value) {
        return new DistillationConfig(steps, grid, stepsPerRound, batchSize, learningRate, emaDecay, guidance, value, checkpointEverySteps, threads);
    }

    public DistillationConfig withCheckpointEverySteps(int value) {
        return new DistillationConfig(steps, grid, stepsPerRound, batchSize, learningRate, emaDecay, guidance, seed, value, threads);
    }

    public DistillationConfig withThreads(int value) {
        return new DistillationConfig(steps, grid, stepsPerRound, batchSize, learningRate, emaDecay, guidance, seed, checkpointEverySteps, value);
    }
}
