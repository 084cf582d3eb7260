package org.diffusion4j.core.samplers;

import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;

/** Checks and small pixel helpers shared by the samplers. */
final class SamplerSupport {

    private SamplerSupport() {
    }

    /** Fails early and clearly instead of deep inside the denoiser. */
    static void checkNoiseFitsDenoiser(Denoiser denoiser, ImageBatch initialNoise) {
        if (initialNoise.height() != denoiser.height() || initialNoise.width() != denoiser.width()
                || initialNoise.channels() != denoiser.channels()) {
            throw new IllegalArgumentException("initial noise has images of " + initialNoise.height() + "x"
                    + initialNoise.width() + "x" + initialNoise.channels() + " but the denoiser makes "
                    + denoiser.height() + "x" + denoiser.width() + "x" + denoiser.channels());
        }
    }

    /** The pixels of the denoiser's answer, after making sure it matches the batch it was given. */
    static float[] predictedNoises(Denoiser denoiser, ImageBatch noisyImages, int[] timesteps) {
        ImageBatch noises = denoiser.predictNoise(noisyImages, timesteps);
        if (noises.pixels().length != noisyImages.pixels().length) {
            throw new IllegalStateException("the denoiser returned " + noises.pixels().length
                    + " noise values for a batch of " + noisyImages.pixels().length + " pixels");
        }
        return noises.pixels();
    }

    /** A fresh batch of the same shape, so the caller's initial noise is never written to. */
    static ImageBatch copyOf(ImageBatch images) {
        return images.withPixels(images.pixels().clone());
    }

    static ImageBatch sameShape(ImageBatch images) {
        return images.withPixels(new float[images.pixels().length]);
    }

    /** The clean-image estimate x0 = (x_t - noiseRate eps) / signalRate, clipped to [-1, 1] when asked. */
    static double predictedImage(double noisy, double predictedNoise, double signalRate, double noiseRate, boolean clip) {
        double predicted = (noisy - noiseRate * predictedNoise) / signalRate;
        return clip ? clip(predicted) : predicted;
    }

    static double clip(double value) {
        return Math.max(-1.0, Math.min(1.0, value));
    }
}
