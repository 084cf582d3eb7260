package org.diffusion4j.core.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.core.images.ImageBatch;

/** Starting points x_T for the reverse process. */
public final class SampleNoise {

    private SampleNoise() {
    }

    /** Standard normal pixels, drawn in NHWC order from {@code random}. */
    public static ImageBatch gaussian(int count, int height, int width, int channels, RandomGenerator random) {
        ImageBatch noise = ImageBatch.zeros(count, height, width, channels);
        float[] pixels = noise.pixels();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        return noise;
    }
}
