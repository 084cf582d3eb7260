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

    @Override
    default void close() {
    }
}
