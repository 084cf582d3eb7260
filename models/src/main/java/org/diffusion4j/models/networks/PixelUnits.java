package org.diffusion4j.models.networks;

/**
 * Moves pixels between [-1, 1], where data sets, grids and the classifier keep them, and a network's own data units
 * ({@link NetworkConfig#pixelScale()}): document 004's notebook trains its ViT on x / 256 - 0.5, half the port's
 * amplitude, so the same noise chain has a quarter of the signal-to-noise ratio at every step. Training images go in
 * with {@link #toNetwork}; samples come back in pixels through core's SamplingPipeline, which divides by the
 * denoiser's pixel scale.
 */
public final class PixelUnits {

    private PixelUnits() {
    }

    /** Multiplies the first {@code length} values by the network's pixel scale, in place. */
    public static void toNetwork(float[] values, int length, double pixelScale) {
        multiply(values, length, (float) pixelScale);
    }

    private static void multiply(float[] values, int length, float factor) {
        if (factor == 1f) {
            return;
        }
        for (int i = 0; i < length; i++) {
            values[i] *= factor;
        }
    }
}
