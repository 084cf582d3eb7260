package org.diffusion4j.interop.imports;

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
}
