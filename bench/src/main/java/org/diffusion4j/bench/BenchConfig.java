package org.diffusion4j.bench;

import java.util.List;
import org.diffusion4j.models.graph.Precision;

/**
 * What one benchmark run measures and how often.
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

    /** A float32 configuration without profiling. */
    public BenchConfig(String model, List<Integer> trainBatches, List<Integer> forwardBatches, int sampleCount, int sampleBatch,
                       int ddimSteps, int memoryImages, int fldImages, List<Integer> matMulSizes, int warmups, int repeats,
                       int threads) {
        this(model, trainBatches, forwardBatches, sampleCount, sampleBatch, ddimSteps, memoryImages, fldImages, matMulSizes,
                warmups, repeats, threads, Precision.FP32, 0);
    }

    /** The figures the performance issue asks for; minutes on a 2-core machine. */
    public static BenchConfig standard(String model, int threads) {
        return new BenchConfig(model, List.of(128), List.of(100, 1000), 200, 100, 20, 0, 10_000, List.of(1024, 2048), 2, 5, threads);
    }

    /** Tiny batches and one repetition: seconds, to check that everything runs (the figures mean nothing). */
    public static BenchConfig quick(String model, int threads) {
        return new BenchConfig(model, List.of(4), List.of(4), 2, 2, 5, 0, 50, List.of(256), 1, 1, threads);
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
}
