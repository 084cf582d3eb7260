package org.diffusion4j.training;

import java.util.SplittableRandom;

/** Light augmentation: translates each image of a batch by a random whole number of pixels. */
public final class PixelShifts {

    /** What fills the pixels a shift uncovers. */
    public enum Fill {
        /** -1: MNIST's background, which its digits' margins are made of anyway. */
        BLACK,
        /** The nearest edge pixel: images of a folder have any background, often not black. */
        EDGE
    }

    private PixelShifts() {
    }

    /** Shifts each of {@code count} NHWC images in place by dx, dy drawn uniformly from [-maxShift, maxShift]. */
    static void apply(float[] batch, ImageShape shape, int count, int maxShift, Fill fill, SplittableRandom random) {
        if (maxShift == 0) {
            return;
        }
        int height = shape.height();
        int width = shape.width();
        int channels = shape.channels();
        int imageLength = height * width * channels;
        float[] source = new float[imageLength];
        for (int i = 0; i < count; i++) {
            int dx = random.nextInt(-maxShift, maxShift + 1);
            int dy = random.nextInt(-maxShift, maxShift + 1);
            int offset = i * imageLength;
            System.arraycopy(batch, offset, source, 0, imageLength);
            for (int y = 0; y < height; y++) {
                int sy = y - dy;
                for (int x = 0; x < width; x++) {
                    int sx = x - dx;
                    boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                    int from = ((clamp(sy, height) * width) + clamp(sx, width)) * channels;
                    for (int c = 0; c < channels; c++) {
                        batch[offset + (y * width + x) * channels + c] = inside || fill == Fill.EDGE ? source[from + c] : -1f;
                    }
                }
            }
        }
    }

    /** Height, width and channels of the images of a batch. */
    record ImageShape(int height, int width, int channels) {
    }

    private static int clamp(int index, int size) {
        return Math.max(0, Math.min(size - 1, index));
    }
}
