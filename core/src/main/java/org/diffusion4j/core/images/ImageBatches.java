package org.diffusion4j.core.images;

/** Pixel conversions shared by the image writers. */
public final class ImageBatches {

    private ImageBatches() {
    }

    /**
     * A model pixel in [-1, 1] as an 8-bit value 0..255: -1 is black, 1 is white. Values outside the
     * range are clipped, since samples from an imperfect model often overshoot a little; NaN becomes 0
     * so a broken sample shows as black rather than failing the whole picture.
     */
    public static int toByte(float pixel) {
        if (Float.isNaN(pixel)) {
            return 0;
        }
        double clipped = Math.max(-1.0, Math.min(1.0, pixel));
        return (int) Math.round((clipped + 1.0) * 127.5);
    }

    /** All pixels of a batch as 0..255 values, in the batch's NHWC order. */
    public static byte[] toBytes(ImageBatch images) {
        float[] pixels = images.pixels();
        byte[] bytes = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            bytes[i] = (byte) toByte(pixels[i]);
        }
        return bytes;
    }

    /**
     * The mean absolute difference per pixel between two batches of the same shape, in display units of [0, 1] (half the
     * difference in [-1, 1] pixels): how far an edit moved its images.
     */
    public static double meanAbsoluteDistance(ImageBatch a, ImageBatch b) {
        if (a.pixels().length != b.pixels().length) {
            throw new IllegalArgumentException("batches of " + a.pixels().length + " and " + b.pixels().length + " values cannot be compared");
        }
        double sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            sum += Math.abs(Math.max(-1, Math.min(1, a.pixels()[i])) - Math.max(-1, Math.min(1, b.pixels()[i])));
        }
        return sum / a.pixels().length / 2;
    }

    /** The batch with every value multiplied by {@code factor} (the same batch when it is 1): into or out of a network's units. */
    public static ImageBatch scaled(ImageBatch images, double factor) {
        if (factor == 1) {
            return images;
        }
        float[] pixels = images.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (pixels[i] * factor);
        }
        return images.withPixels(pixels);
    }
}
