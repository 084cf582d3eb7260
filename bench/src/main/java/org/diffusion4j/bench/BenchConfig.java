package org.diffusion4j.bench;

import java.util.List;
import org.diffusion4j.models.graph.Precision;

/**
 * What one benchmark run measures and how often. Built with {@link #builder()} or from {@link #standard} and
 * {@link #quick}; the canonical constructor is left to the builder.
 *
 * @param model a name from {@link BenchModels}
 * @param trainBatches batch sizes of the training-step timing (empty: skip it)
 * @param forwardBatches batch sizes of the denoiser timing (empty: skip it)
 * @param sampleCount images per timed sampling repetition, drawn in batches of sampleBatch
 * @param memoryImages images of the long DDPM run that records memory per batch (0: skip it)
 * @param fldImages generated images of the timed FLD evaluation (0: skip it)
 * @param threads TensorFlow intra-op threads (0: one per processor)
 * @param precision how the training graph and the denoiser compute (the matrix-product reference stays float32)
 * @param profileRuns traced training steps and forward passes whose per-op times are printed (0: none)
 */
public record BenchConfig(String model, List<Integer> trainBatches, List<Integer> forwardBatches, int sampleCount,
                          int sampleBatch, int ddimSteps, int memoryImages, int fldImages, List<Integer> matMulSizes, int warmups,
                          int repeats, int threads, Precision precision, int profileRuns) {

    /** A builder holding the standard configuration for doc000 on every core; see {@link Builder} for each default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The figures the performance issue asks for; minutes on a 2-core machine. */
    public static BenchConfig standard(String model, int threads) {
        return builder().model(model).threads(threads).build();
    }

    /** Tiny batches and one repetition: seconds, to check that everything runs (the figures mean nothing). */
    public static BenchConfig quick(String model, int threads) {
        return builder().model(model).threads(threads).trainBatches(List.of(4)).forwardBatches(List.of(4)).sampleCount(2)
                .sampleBatch(2).ddimSteps(5).fldImages(50).matMulSizes(List.of(256)).warmups(1).repeats(1).build();
    }

    public BenchConfig {
        precision = precision == null ? Precision.FP32 : precision;
        require(profileRuns >= 0, "profile runs must be >= 0 (0: no profile), got " + profileRuns);
        BenchModels.byName(model);
        trainBatches = positive("training batch sizes", trainBatches);
        forwardBatches = positive("forward batch sizes", forwardBatches);
        matMulSizes = positive("matrix sizes", matMulSizes);
        require(!matMulSizes.isEmpty(), "at least one matrix size is needed: it is the reference for every GFLOP/s fraction");
        require(sampleCount >= 0 && sampleBatch > 0, "sample count must be >= 0 (0: skip sampling) and sample batch > 0, got "
                + sampleCount + " and " + sampleBatch);
        require(ddimSteps >= 1, "DDIM steps must be at least 1, got " + ddimSteps);
        require(fldImages >= 0, "FLD-evaluation images must be >= 0 (0: skip it), got " + fldImages);
        require(memoryImages >= 0, "memory-run images must be >= 0 (0: skip it), got " + memoryImages);
        require(warmups >= 0 && repeats >= 1, "warm-ups must be >= 0 and repeats >= 1, got " + warmups + " and " + repeats);
        require(threads >= 0, "threads must be >= 0 (0: one per core), got " + threads);
    }

    private static List<Integer> positive(String what, List<Integer> values) {
        require(values != null, what + " are missing");
        require(values.stream().allMatch(v -> v != null && v > 0), what + " must be positive integers, got " + values);
        return List.copyOf(values);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Names each value of a {@link BenchConfig}. It starts from the standard configuration: doc000, training
     * batch 128, forward batches 100 and 1000, 200 sampled images in batches of 100 with DDPM and DDIM-20, no memory
     * run, an FLD evaluation of 10,000 images, 1024 and 2048 matrix products, 2 warm-ups and 5 repeats, one thread per
     * core, float32, no profile.
     */
    public static final class Builder {

        private String model = "doc000";
        private List<Integer> trainBatches = List.of(128);
        private List<Integer> forwardBatches = List.of(100, 1000);
        private int sampleCount = 200;
        private int sampleBatch = 100;
        private int ddimSteps = 20;
        private int memoryImages;
        private int fldImages = 10_000;
        private List<Integer> matMulSizes = List.of(1024, 2048);
        private int warmups = 2;
        private int repeats = 5;
        private int threads;
        private Precision precision = Precision.FP32;
        private int profileRuns;

        private Builder() {
        }

        private Builder(BenchConfig benchConfig) {
            model = benchConfig.model;
            trainBatches = benchConfig.trainBatches;
            forwardBatches = benchConfig.forwardBatches;
            sampleCount = benchConfig.sampleCount;
            sampleBatch = benchConfig.sampleBatch;
            ddimSteps = benchConfig.ddimSteps;
            memoryImages = benchConfig.memoryImages;
            fldImages = benchConfig.fldImages;
            matMulSizes = benchConfig.matMulSizes;
            warmups = benchConfig.warmups;
            repeats = benchConfig.repeats;
            threads = benchConfig.threads;
            precision = benchConfig.precision;
            profileRuns = benchConfig.profileRuns;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder trainBatches(List<Integer> value) {
            trainBatches = value;
            return this;
        }

        public Builder forwardBatches(List<Integer> value) {
            forwardBatches = value;
            return this;
        }

        public Builder sampleCount(int value) {
            sampleCount = value;
            return this;
        }

        public Builder sampleBatch(int value) {
            sampleBatch = value;
            return this;
        }

        public Builder ddimSteps(int value) {
            ddimSteps = value;
            return this;
        }

        public Builder memoryImages(int value) {
            memoryImages = value;
            return this;
        }

        public Builder fldImages(int value) {
            fldImages = value;
            return this;
        }

        public Builder matMulSizes(List<Integer> value) {
            matMulSizes = value;
            return this;
        }

        public Builder warmups(int value) {
            warmups = value;
            return this;
        }

        public Builder repeats(int value) {
            repeats = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder precision(Precision value) {
            precision = value;
            return this;
        }

        public Builder profileRuns(int value) {
            profileRuns = value;
            return this;
        }

        public BenchConfig build() {
            return new BenchConfig(model, trainBatches, forwardBatches, sampleCount, sampleBatch, ddimSteps, memoryImages,
                    fldImages, matMulSizes, warmups, repeats, threads, precision, profileRuns);
        }
    }
}
