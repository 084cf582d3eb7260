package org.diffusion4j.bench;

import java.util.List;

/**
 * End-to-end sampling: images per second, and the share of the time spent outside the denoiser (the
 * sampler's own work: Java loops, copies, random numbers; the target is under 10%).
 *
 * @param sampler name with its step count, e.g. "ddpm-100"
 * @param denoiserCalls per batch
 * @param rssAfterEachBatchKib of the last repetition: flat means no native memory is leaking per batch
 */
public record SamplingResult(String sampler, int denoiserCalls, int images, int batchSize, Stats imagesPerSecond,
                             Stats percentOutsideDenoiser, double gflopsPerSecond, List<Long> rssAfterEachBatchKib) {

    public SamplingResult {
        rssAfterEachBatchKib = List.copyOf(rssAfterEachBatchKib);
    }
}
