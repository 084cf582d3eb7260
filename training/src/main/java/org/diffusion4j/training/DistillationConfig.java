package org.diffusion4j.training;

/**
 * How a student is distilled: the rounds run from {@code grid / 2} steps, halving each round, down to {@code steps}.
 * Built from documented defaults with {@link #builder()}.
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
        return builder().build();
    }

    /** A builder starting from the documented defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.steps = steps;
        builder.grid = grid;
        builder.stepsPerRound = stepsPerRound;
        builder.batchSize = batchSize;
        builder.learningRate = learningRate;
        builder.emaDecay = emaDecay;
        builder.guidance = guidance;
        builder.seed = seed;
        builder.checkpointEverySteps = checkpointEverySteps;
        builder.threads = threads;
        return builder;
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

    /** Settings one at a time, each starting at the default the record documents. */
    public static final class Builder {
        private int steps = DEFAULT_STEPS;
        private int grid = DEFAULT_GRID;
        private int stepsPerRound = DEFAULT_STEPS_PER_ROUND;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double emaDecay = DEFAULT_EMA_DECAY;
        private double guidance = DEFAULT_GUIDANCE;
        private long seed = 42;
        private int checkpointEverySteps;
        private int threads;

        private Builder() {
        }

        public Builder steps(int value) {
            steps = value;
            return this;
        }

        public Builder grid(int value) {
            grid = value;
            return this;
        }

        public Builder stepsPerRound(int value) {
            stepsPerRound = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder emaDecay(double value) {
            emaDecay = value;
            return this;
        }

        public Builder guidance(double value) {
            guidance = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder checkpointEverySteps(int value) {
            checkpointEverySteps = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public DistillationConfig build() {
            return new DistillationConfig(steps, grid, stepsPerRound, batchSize, learningRate, emaDecay, guidance, seed,
                    checkpointEverySteps, threads);
        }
    }
}
