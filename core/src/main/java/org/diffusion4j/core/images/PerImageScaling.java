package org.diffusion4j.core.images;

/**
 * Brings each image to the pixel range on its own: its smallest value becomes -1 (black) and its largest 1 (white),
 * as matplotlib's imshow shows an array, which is how document 004 displays its samples. A sampler whose step size
 * scales the whole image (document 004's step-size-scaled sampler leaves the chain's range above 1) is then seen as
 * its shape, not its amplitude, so different step sizes can be compared; clipping to [-1, 1] instead saturates them.
 * A real MNIST digit uses bytes 0 and 255, so the mapping leaves it as it is. A flat image becomes all black.
 * {@link #clipped} is the other mapping, the one grids, IDX files and {@code evaluate} use by default.
 */
public final class PerImageScaling {

    private PerImageScaling() {
    }

    /** A copy of the batch with every image (all its channels together) stretched to [-1, 1]. */
    public static ImageBatch autoscaled(ImageBatch images) {
        float[] pixels = images.pixels().clone();
        int perImage = images.height() * images.width() * images.channels();
        for (int n = 0; n < images.count(); n++) {
            int from = n * perImage;
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (int i = from; i < from + perImage; i++) {
                low = Math.min(low, pixels[i]);
                high = Math.max(high, pixels[i]);
            }
            double range = high - low;
            for (int i = from; i < from + perImage; i++) {
                pixels[i] = range > 0 ? (float) (2 * (pixels[i] - low) / range - 1) : -1f;
            }
        }
        return images.withPixels(pixels);
    }

    /** A copy of the batch with every pixel clipped to [-1, 1]: what a grid or an IDX file shows of it. */
    public static ImageBatch clipped(ImageBatch images) {
        float[] pixels = images.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.max(-1f, Math.min(1f, pixels[i]));
        }
        return images.withPixels(pixels);
    }
}
