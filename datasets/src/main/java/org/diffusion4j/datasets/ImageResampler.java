package org.diffusion4j.datasets;

/**
 * Turns a decoded image into a square of {@code size} RGB bytes: transparency composited onto a background, the
 * centre square of the short side kept, then resampled to the size.
 *
 * <p>Cropping the centre square first and resizing it gives what resizing the short side to {@code size} and then
 * centre-cropping gives (to within half a source pixel, when the sides differ by an odd number), without resampling
 * the part that is thrown away. Shrinking averages each output pixel's exact footprint in the source (area averaging,
 * as {@code Image.SCALE_AREA_AVERAGING} does), so fine detail turns into its mean grey instead of aliasing, as
 * nearest-neighbour sampling would; enlarging a small image interpolates bilinearly between pixel centres. Compositing
 * happens in sRGB bytes, as browsers and image viewers do it.
 */
final class ImageResampler {

    private ImageResampler() {
    }

    /** {@code size * size * 3} bytes, RGB, row by row. */
    static byte[] fit(ArgbImage image, int background, int size) {
        int side = Math.min(image.width(), image.height());
        int left = (image.width() - side) / 2;
        int top = (image.height() - side) / 2;
        Taps taps = Taps.of(side, size);
        float[] bg = {(background >> 16) & 0xff, (background >> 8) & 0xff, background & 0xff};
        // Horizontal pass: every kept source row, resampled to size columns.
        float[] rows = new float[side * size * 3];
        float[] source = new float[side * 3];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                composite(image.at(left + x, top + y), bg, source, x * 3);
            }
            for (int i = 0; i < size; i++) {
                for (int k = taps.start[i]; k < taps.start[i + 1]; k++) {
                    int from = taps.index[k] * 3;
                    int to = (y * size + i) * 3;
                    float w = taps.weight[k];
                    rows[to] += w * source[from];
                    rows[to + 1] += w * source[from + 1];
                    rows[to + 2] += w * source[from + 2];
                }
            }
        }
        // Vertical pass.
        byte[] out = new byte[size * size * 3];
        for (int j = 0; j < size; j++) {
            for (int x = 0; x < size * 3; x++) {
                float sum = 0;
                for (int k = taps.start[j]; k < taps.start[j + 1]; k++) {
                    sum += taps.weight[k] * rows[taps.index[k] * size * 3 + x];
                }
                out[j * size * 3 + x] = (byte) Math.max(0, Math.min(255, Math.round(sum)));
            }
        }
        return out;
    }

    private static void composite(int argb, float[] background, float[] into, int at) {
        float alpha = (argb >>> 24) / 255f;
        for (int c = 0; c < 3; c++) {
            float value = (argb >> (16 - 8 * c)) & 0xff;
            into[at + c] = alpha * value + (1 - alpha) * background[c];
        }
    }

    /** For each output pixel of one axis, the source pixels it reads and their weights (summing to 1), packed. */
    private record Taps(int[] start, int[] index, float[] weight) {

        static Taps of(int from, int to) {
            int[] start = new int[to + 1];
            int[] index = new int[to * (from / to + 3)];
            float[] weight = new float[index.length];
            int n = 0;
            double scale = (double) from / to;
            for (int i = 0; i < to; i++) {
                start[i] = n;
                if (from > to) {
                    double a = i * scale;
                    double b = (i + 1) * scale;
                    for (int j = (int) Math.floor(a); j < Math.min(from, (int) Math.ceil(b)); j++) {
                        double overlap = Math.min(b, j + 1) - Math.max(a, j);
                        if (overlap > 0) {
                            index[n] = j;
                            weight[n++] = (float) (overlap / scale);
                        }
                    }
                } else {
                    double u = Math.max(0, Math.min(from - 1, (i + 0.5) * scale - 0.5));
                    int j = (int) Math.floor(u);
                    float t = (float) (u - j);
                    index[n] = j;
                    weight[n++] = 1 - t;
                    index[n] = Math.min(from - 1, j + 1);
                    weight[n++] = t;
                }
            }
            start[to] = n;
            return new Taps(start, index, weight);
        }
    }
}
