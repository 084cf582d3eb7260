package org.diffusion4j.interop.imports;

import org.diffusion4j.core.images.ImageBatch;

/**
 * The transformer-style code of a timestep used by the tw-diffusion model: {@code length} values, first
 * sin(t / 10000^(i / half)) for i < half, then the matching cos, with half = length / 2.
 */
public final class SinusoidalTimeCode {

    private SinusoidalTimeCode() {
    }

    public static float[] encode(int t, int length) {
        if (length % 2 != 0) {
            throw new IllegalArgumentException("a sinusoidal time code needs an even length, got " + length);
        }
        int half = length / 2;
        float[] code = new float[length];
        for (int i = 0; i < half; i++) {
            double angle = t / Math.pow(10000.0, (double) i / half);
            code[i] = (float) Math.sin(angle);
            code[half + i] = (float) Math.cos(angle);
        }
        return code;
    }

    /**
     * The batch with one more channel holding each image's time code, laid out over the image row by row
     * (so the code length is height * width): the input of the tw-diffusion model's serving_default.
     */
    public static float[] appendChannel(ImageBatch images, int[] timesteps) {
        int plane = images.height() * images.width();
        int channels = images.channels();
        float[] out = new float[images.count() * plane * (channels + 1)];
        for (int n = 0; n < images.count(); n++) {
            float[] code = encode(timesteps[n], plane);
            for (int p = 0; p < plane; p++) {
                int from = (n * plane + p) * channels;
                int to = (n * plane + p) * (channels + 1);
                System.arraycopy(images.pixels(), from, out, to, channels);
                out[to + channels] = code[p];
            }
        }
        return out;
    }
}
