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

    /** The PSNR given to an image equal to its reference, where the ratio is infinite, so that a mean stays finite. */
    public static final double IDENTICAL_PSNR_DB = 100.0;

    /**
     * The peak signal-to-noise ratio of each image of {@code a} against the image at the same position of {@code b}, in dB
     * with pixels clipped and taken in display units of [0, 1] (peak 1), averaged over the images: 20 dB is a mean squared
     * error of 0.01, each 10 dB more a tenth of it. An image equal to its reference counts {@value #IDENTICAL_PSNR_DB} dB.
     */
    public static double meanPeakSignalToNoiseRatio(ImageBatch a, ImageBatch b) {
        if (a.pixels().length != b.pixels().length || a.count() != b.count()) {
            throw new IllegalArgumentException("batches of " + a.pixels().length + " and " + b.pixels().length + " values cannot be compared");
        }
        int perImage = a.imageSize();
        double sum = 0;
        for (int image = 0; image < a.count(); image++) {
            double squares = 0;
            for (int i = image * perImage; i < (image + 1) * perImage; i++) {
                double difference = (Math.max(-1, Math.min(1, a.pixels()[i])) - Math.max(-1, Math.min(1, b.pixels()[i]))) / 2;
                squares += difference * difference;
            }
            double meanSquare = squares / perImage;
            sum += meanSquare == 0 ? IDENTICAL_PSNR_DB : Math.min(IDENTICAL_PSNR_DB, -10 * Math.log10(meanSquare));
        }
        return sum / a.count();
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
