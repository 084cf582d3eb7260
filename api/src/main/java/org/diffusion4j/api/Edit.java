package org.diffusion4j.api;

import java.util.Objects;
import org.diffusion4j.core.editing.InpaintingMask;
import org.diffusion4j.core.editing.Resampling;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.pipelines.SamplingPipeline.BatchProgress;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.samplers.SamplingObserver;

/**
 * An edit of given images by a model: image-to-image (SDEdit), inpainting with a mask, or interpolation between pairs.
 * Start from {@link #imageToImage}, {@link #inpainting} or {@link #interpolation}; every other field has a documented
 * default. Images are pixels in [-1, 1] at the model's size and channels ({@code EditInputs.read} prepares files so).
 * <pre>{@code
 * GeneratedImages eights = model.edit(Edit.imageToImage(threes).strength(0.6).digit(8).build());
 * }</pre>
 *
 * @param kind            which edit
 * @param images          the images to edit (interpolation: the first image of each pair)
 * @param targets         interpolation: the second image of each pair; null otherwise
 * @param strength        image-to-image: the share of the noise schedule to go back up, in (0, 1] (default 0.6)
 * @param mask            inpainting: which pixels to repaint
 * @param resampling      inpainting: RePaint's jumps (default {@link Resampling#NONE})
 * @param frames          interpolation: images along each path, ends included (default 9)
 * @param sampler         the sampler (default: the model's; interpolation always runs DDIM with eta 0 at this spec's steps)
 * @param seed            seed of every noise draw (default 0)
 * @param batchSize       images per denoiser call (default 0: the model's own)
 * @param digit           a conditional MNIST model: steer every image towards this digit (default: no label)
 * @param className       a conditional folder model: steer every image towards this class (default: no label)
 * @param guidance        the guidance scale when a class is asked for (default {@link Conditioning#DEFAULT_SCALE})
 * @param guidanceMaxStep guide only timesteps 0..this (default: every timestep)
 * @param observer        sees every step of the first batch (default: none)
 * @param progress        told after every batch (default: none)
 */
public record Edit(Kind kind, ImageBatch images, ImageBatch targets, double strength, InpaintingMask mask, Resampling resampling,
                   int frames, SamplerSpec sampler, long seed, int batchSize, Integer digit, String className, Double guidance,
                   Integer guidanceMaxStep, SamplingObserver observer, BatchProgress progress) {

    /** The three edits. */
    public enum Kind {
        /** Noise each image part of the way and walk it back (SDEdit). */
        IMAGE_TO_IMAGE,
        /** Repaint the masked pixels to fit the kept ones. */
        INPAINTING,
        /** DDIM-invert each pair, interpolate the latents on the sphere, decode the path. */
        INTERPOLATION
    }

    public static final double DEFAULT_STRENGTH = 0.6;
    public static final int DEFAULT_FRAMES = 9;

    public Edit {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(images, "images");
        if (kind == Kind.INPAINTING) {
            Objects.requireNonNull(mask, "an inpainting needs a mask");
        }
        if (kind == Kind.INTERPOLATION) {
            Objects.requireNonNull(targets, "an interpolation needs the second image of each pair");
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("the batch size must be positive (or 0 for the model's own), got " + batchSize);
        }
        resampling = resampling != null ? resampling : Resampling.NONE;
        observer = observer != null ? observer : SamplingObserver.NONE;
        progress = progress != null ? progress : BatchProgress.NONE;
    }

    /** Image-to-image from {@code images}. */
    public static Builder imageToImage(ImageBatch images) {
        return new Builder(Kind.IMAGE_TO_IMAGE, images);
    }

    /** Inpainting of {@code images} where {@code mask} is 1. */
    public static Builder inpainting(ImageBatch images, InpaintingMask mask) {
        Builder builder = new Builder(Kind.INPAINTING, images);
        builder.mask = mask;
        return builder;
    }

    /** Interpolation from each of {@code from} to the image of {@code to} at the same position. */
    public static Builder interpolation(ImageBatch from, ImageBatch to) {
        Builder builder = new Builder(Kind.INTERPOLATION, from);
        builder.targets = to;
        return builder;
    }

    /** Builds an {@link Edit}; each setter names the field it sets. */
    public static final class Builder {
        private final Kind kind;
        private final ImageBatch images;
        private ImageBatch targets;
        private double strength = DEFAULT_STRENGTH;
        private InpaintingMask mask;
        private Resampling resampling;
        private int frames = DEFAULT_FRAMES;
        private SamplerSpec sampler;
        private long seed;
        private int batchSize;
        private Integer digit;
        private String className;
        private Double guidance;
        private Integer guidanceMaxStep;
        private SamplingObserver observer;
        private BatchProgress progress;

        private Builder(Kind kind, ImageBatch images) {
            this.kind = kind;
            this.images = images;
        }

        public Builder strength(double value) {
            strength = value;
            return this;
        }

        public Builder resampling(Resampling value) {
            resampling = value;
            return this;
        }

        public Builder frames(int value) {
            frames = value;
            return this;
        }

        public Builder sampler(SamplerSpec value) {
            sampler = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder digit(Integer value) {
            digit = value;
            return this;
        }

        public Builder className(String value) {
            className = value;
            return this;
        }

        public Builder guidance(Double value) {
            guidance = value;
            return this;
        }

        public Builder guidanceMaxStep(Integer value) {
            guidanceMaxStep = value;
            return this;
        }

        public Builder observer(SamplingObserver value) {
            observer = value;
            return this;
        }

        public Builder progress(BatchProgress value) {
            progress = value;
            return this;
        }

        public Edit build() {
            return new Edit(kind, images, targets, strength, mask, resampling, frames, sampler, seed, batchSize, digit, className, guidance,
                    guidanceMaxStep, observer, progress);
        }
    }
}
