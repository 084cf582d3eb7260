package org.diffusion4j.bench;

/**
 * Images per second of one workload at one batch size, with the arithmetic rate that implies.
 *
 * @param workload what was timed ("training step", "denoiser forward")
 * @param megaflopsPerImage counted from the graph, see {@link FlopCounter}
 * @param gflopsPerSecond at the median rate
 * @param fractionOfMatMul gflopsPerSecond over the matrix-product rate measured in the same run
 */
public record Throughput(String workload, int batchSize, Stats imagesPerSecond, double megaflopsPerImage,
                         double gflopsPerSecond, double fractionOfMatMul) {

    /** From the seconds each timed batch took. */
    public static Throughput of(String workload, int batchSize, Stats secondsPerBatch, double megaflopsPerImage,
                                double matMulGflops) {
        Stats rate = secondsPerBatch.mapDecreasing(seconds -> batchSize / seconds);
        double gflops = rate.median() * megaflopsPerImage / 1e3;
        return new Throughput(workload, batchSize, rate, megaflopsPerImage, gflops, gflops / matMulGflops);
    }
}
