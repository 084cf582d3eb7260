package org.diffusion4j.api;

import org.diffusion4j.core.pipelines.SamplingPipeline.BatchProgress;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.samplers.SamplingObserver;

/**
 * What to generate: how many images from which seed, with which sampler, and for a conditional model which class and how
 * strongly guided. Built with {@link #builder()}; every field has a documented default.
 *
 * @param count           images to generate (default 16); ignored when {@code conditioning} gives the labels
 * @param seed            seed of the start noise and of every sampling draw (default 0)
 * @param sampler         sampler and its settings (default: the model's {@link DiffusionModel#defaultSampler()})
 * @param batchSize       images per denoiser call (default 0: the model's own, 256 for runs and 64 for SavedModels); the
 *                        images depend on it, since each batch draws its noise from its own generator split off the seed
 * @param digit           a conditional MNIST model's digit for every image (default: the classes take turns)
 * @param className       a conditional folder model's class for every image (default: the classes take turns)
 * @param guidance        classifier-free guidance scale (default {@link Conditioning#DEFAULT_SCALE})
 * @param guidanceMaxStep guide only timesteps 0..this (default: every timestep)
 * @param perClass        a conditional model with no digit or class chosen: this many images of each class, class after
 *                        class (a grid row per class), instead of {@code count} with the classes taking turns (default 0)
 * @param conditioning    explicit labels and guidance, overriding count, digit, className, guidance and perClass
 * @param observer        sees every step of the first batch (default: none)
 * @param progress        told after every batch (default: none)
 */
public record Generation(int count, long seed, SamplerSpec sampler, int batchSize, Integer digit, String className, Double guidance,
                         Integer guidanceMaxStep, int perClass, Conditioning conditioning, SamplingObserver observer,
                         BatchProgress progress) {

    /** Images when no count is given: a 4x4 grid. */
    public static final int DEFAULT_COUNT = 16;

    public Generation {
        if (conditioning == null && count <= 0) {
            throw new IllegalArgumentException("the image count must be positive, got " + count);
        }
        if (perClass < 0) {
            throw new IllegalArgumentException("images per class must be positive (or 0 for the classes in turn), got " + perClass);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("the batch size must be positive (or 0 for the model's own), got " + batchSize);
        }
        observer = observer != null ? observer : SamplingObserver.NONE;
        progress = progress != null ? progress : BatchProgress.NONE;
    }

    /** A builder starting from the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Generation}; each setter names the field it sets. */
    public static final class Builder {
        private int count = DEFAULT_COUNT;
        private long seed;
        private SamplerSpec sampler;
        private int batchSize;
        private Integer digit;
        private String className;
        private Double guidance;
        private Integer guidanceMaxStep;
        private int perClass;
        private Conditioning conditioning;
        private SamplingObserver observer;
        private BatchProgress progress;

        private Builder() {
        }

        /** Images to generate. */
        public Builder count(int value) {
            count = value;
            return this;
        }

        /** Seed of every random draw. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** The sampler, e.g. {@code SamplerSpec.of("dpm++2m").withSteps(10)}. */
        public Builder sampler(SamplerSpec value) {
            sampler = value;
            return this;
        }

        /** The sampler by name with its defaults: ddpm, ddim, dpm++2m, stepwise or chain. */
        public Builder sampler(String name) {
            return sampler(SamplerSpec.of(name));
        }

        /** Images per denoiser call. */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** The MNIST digit every image shows (null: the classes in turn). */
        public Builder digit(Integer value) {
            digit = value;
            return this;
        }

        /** The folder class every image shows (null: the classes in turn). */
        public Builder className(String value) {
            className = value;
            return this;
        }

        /** Classifier-free guidance scale (null: {@link Conditioning#DEFAULT_SCALE}). */
        public Builder guidance(Double value) {
            guidance = value;
            return this;
        }

        /** Guidance only at timesteps 0..value (null: at every timestep). */
        public Builder guidanceMaxStep(Integer value) {
            guidanceMaxStep = value;
            return this;
        }

        /** For a conditional model without a chosen class: this many images of each class, a grid row per class. */
        public Builder perClass(int value) {
            perClass = value;
            return this;
        }

        /** Explicit labels and guidance, one label per image. */
        public Builder conditioning(Conditioning value) {
            conditioning = value;
            return this;
        }

        /** Sees every step of the first batch, e.g. a {@link org.diffusion4j.core.samplers.Trajectory}. */
        public Builder observer(SamplingObserver value) {
            observer = value;
            return this;
        }

        /** Told the images done after every batch. */
        public Builder progress(BatchProgress value) {
            progress = value;
            return this;
        }

        public Generation build() {
            return new Generation(count, seed, sampler, batchSize, digit, className, guidance, guidanceMaxStep, perClass, conditioning,
                    observer, progress);
        }
    }
}
