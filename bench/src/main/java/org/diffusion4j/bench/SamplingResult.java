package org.diffusion4j.bench;

import java.util.List;

/**
 * End-to-end sampling: images per second, and the share of the time spent outside the denoiser (the
 * sampler's own work: Java loops, copies, random numbers; the target is under 10%). Built with {@link #builder()};
 * the canonical constructor is left to it and to Jackson.
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

    public static Builder builder() {
        return new Builder();
    }

    /** Names each figure of a {@link SamplingResult}. */
    public static final class Builder {

        private String sampler;
        private int denoiserCalls;
        private int images;
        private int batchSize;
        private Stats imagesPerSecond;
        private Stats percentOutsideDenoiser;
        private double gflopsPerSecond;
        private List<Long> rssAfterEachBatchKib;

        private Builder() {
        }

        public Builder sampler(String value) {
            sampler = value;
            return this;
        }

        public Builder denoiserCalls(int value) {
            denoiserCalls = value;
            return this;
        }

        public Builder images(int value) {
            images = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder imagesPerSecond(Stats value) {
            imagesPerSecond = value;
            return this;
        }

        public Builder percentOutsideDenoiser(Stats value) {
            percentOutsideDenoiser = value;
            return this;
        }

        public Builder gflopsPerSecond(double value) {
            gflopsPerSecond = value;
            return this;
        }

        public Builder rssAfterEachBatchKib(List<Long> value) {
            rssAfterEachBatchKib = value;
            return this;
        }

        public SamplingResult build() {
            return new SamplingResult(sampler, denoiserCalls, images, batchSize, imagesPerSecond, percentOutsideDenoiser,
                    gflopsPerSecond, rssAfterEachBatchKib);
        }
    }
}
