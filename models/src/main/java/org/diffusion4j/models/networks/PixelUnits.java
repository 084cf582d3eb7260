package org.diffusion4j.models.networks;

/**
 * Moves pixels between [-1, 1], where data sets, grids and the classifier keep them, and a network's own data units
 * ({@link NetworkConfig#pixelScale()}): document 004's notebook trains its ViT on x / 256 - 0.5, half the port's
 * amplitude, so the same noise chain has a quarter of the signal-to-noise ratio at every step. Training images go in
 * with {@link #toNetwork}; the sampler's output, in the network's units, comes back with {@link #toPixels}.
 */
public final class PixelUnits {

    private PixelUnits() {
    }

    /** Multiplies the first {@code length} values by the network's pixel scale, in place. */
    public static void toNetwork(float[] values, int length, double pixelScale) {
        multiply(values, length, (float) pixelScale);
    }

    /** Divides the first {@code length} values by the network's pixel scale, in place: the inverse of {@link #toNetwork}. */
    public static void toPixels(float[] values, int length, double pixelScale) {
        if (pixelScale == 1) {
            return;
        }
        float scale = (float) pixelScale;
        for (int i = 0; i < length; i++) {
            values[i] /= scale;
        }
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
