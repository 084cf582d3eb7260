package org.diffusion4j.training;

import java.util.SplittableRandom;

/** Light augmentation: translates each image of a batch by a random whole number of pixels, filling with background. */
final class PixelShifts {

    private static final float BACKGROUND = -1f;

    private PixelShifts() {
    }

    /** Shifts each of {@code count} single-channel images in place by dx, dy drawn uniformly from [-maxShift, maxShift]. */
    static void apply(float[] batch, int count, int height, int width, int maxShift, SplittableRandom random) {
        if (maxShift == 0) {
            return;
        }
        float[] source = new float[height * width];
        for (int i = 0; i < count; i++) {
            int dx = random.nextInt(-maxShift, maxShift + 1);
            int dy = random.nextInt(-maxShift, maxShift + 1);
            int offset = i * height * width;
            System.arraycopy(batch, offset, source, 0, source.length);
            for (int y = 0; y < height; y++) {
                int sy = y - dy;
                for (int x = 0; x < width; x++) {
                    int sx = x - dx;
                    boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                    batch[offset + y * width + x] = inside ? source[sy * width + sx] : BACKGROUND;
                }
            }
        }
    }
}
