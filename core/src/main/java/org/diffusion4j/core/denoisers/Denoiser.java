package org.diffusion4j.core.denoisers;

import org.diffusion4j.core.images.ImageBatch;

/**
 * Anything that predicts the noise in a batch of noisy images: a U-Net or ViT built in Java, or a model
 * loaded from a SavedModel. Samplers only ever see this interface.
 */
public interface Denoiser extends AutoCloseable {

    int height();

    int width();

    int channels();

    /**
     * Predicts the noise in each image at the given 0-based integer timesteps (one per image).
     * The input batch is not modified.
     */
    ImageBatch predictNoise(ImageBatch noisyImages, int[] timesteps);

    /**
     * What the model natively predicts. {@link #predictNoise} answers what the samplers need whatever this is: the
     * closed-form noise of x_t, or for {@link Prediction#CHAIN_EPS} one chain step's noise, which only the chain sampler
     * can use; samplers read this to refuse a denoiser they cannot use, and distillation to give a student targets of the
     * teacher's kind.
     */
    default Prediction prediction() {
        return Prediction.EPS;
    }

    /**
     * The data units this denoiser works in relative to pixels in [-1, 1]: a model trained on pixels multiplied by 0.5
     * answers 0.5. Its samples come out multiplied by it, so callers divide by it to get [-1, 1] pixels.
     */
    default double pixelScale() {
        return 1;
    }

    @Override
    default void close() {
    }
}
