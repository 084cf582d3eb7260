package org.diffusion4j.core.editing;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which pixels an inpainting repaints: 1 repaints, 0 keeps the image's own, one value per pixel position (all channels
 * alike), row by row. Named regions cover quick use; a PNG mask (white repaints) is read by the datasets module.
 *
 * @param height  rows
 * @param width   columns
 * @param repaint height * width values, 1 (repaint) or 0 (keep)
 */
public record InpaintingMask(int height, int width, float[] repaint) {

    /** The named regions {@link #named} knows. */
    public static final String NAMES = "bottom-half, top-half, left-half, right-half, centre-square";

    public InpaintingMask {
        if (repaint.length != height * width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " mask needs " + height * width + " values, got " + repaint.length);
        }
        repaint = repaint.clone();
        for (float value : repaint) {
            if (value != 0 && value != 1) {
                throw new IllegalArgumentException("mask values are 1 (repaint) or 0 (keep), got " + value);
            }
        }
    }

    /** A named region of a {@code size}x{@code size} image: bottom-half, top-half, left-half, right-half or centre-square. */
    public static InpaintingMask named(String name, int size) {
        float[] repaint = new float[size * size];
        int half = size / 2;
        int quarter = size / 4;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inside = switch (name.toLowerCase(Locale.ROOT)) {
                    case "bottom-half" -> y >= half;
                    case "top-half" -> y < half;
                    case "left-half" -> x < half;
                    case "right-half" -> x >= half;
                    case "centre-square", "center-square" -> y >= quarter && y < size - quarter && x >= quarter && x < size - quarter;
                    default -> throw new IllegalArgumentException("unknown mask '" + name + "'; name one of " + NAMES
                            + " or give a PNG (white repaints)");
                };
                repaint[y * size + x] = inside ? 1 : 0;
            }
        }
        return new InpaintingMask(size, size, repaint);
    }

    /** The share of pixels repainted. */
    public double repaintedShare() {
        double sum = 0;
        for (float value : repaint) {
            sum += value;
        }
        return sum / repaint.length;
    }

    /** Pixels of one image with {@code channels} channels: the repainted ones from {@code painted}, the rest from {@code known}. */
    void composite(float[] painted, float[] known, float[] into, int channels) {
        int perImage = height * width * channels;
        if (painted.length % perImage != 0 || known.length != painted.length || into.length != painted.length) {
            throw new IllegalArgumentException("the mask is " + height + "x" + width + " but the images have " + painted.length
                    + " values, not a whole number of " + height + "x" + width + "x" + channels + " images");
        }
        for (int i = 0; i < painted.length; i++) {
            into[i] = repaint[(i % perImage) / channels] == 1 ? painted[i] : known[i];
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InpaintingMask mask && mask.height == height && mask.width == width && Arrays.equals(mask.repaint, repaint);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(repaint);
    }
}
