package org.diffusion4j.interop.imports;

/** Reorders image batches between NHWC (the project's) and NCHW (PyTorch-style exports). */
final class Layouts {

    private Layouts() {
    }

    static float[] nhwcToNchw(float[] in, int n, int h, int w, int c) {
        float[] out = new float[in.length];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) {
                        out[((b * c + k) * h + y) * w + x] = in[((b * h + y) * w + x) * c + k];
                    }
                }
            }
        }
        return out;
    }

    static float[] nchwToNhwc(float[] in, int n, int c, int h, int w) {
        float[] out = new float[in.length];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out[((b * h + y) * w + x) * c + k] = in[((b * c + k) * h + y) * w + x];
                    }
                }
            }
        }
        return out;
    }
}
