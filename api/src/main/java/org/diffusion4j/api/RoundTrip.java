package org.diffusion4j.api;

import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.ImageBatches;

/**
 * How closely an interpolation's paths end at the images they were inverted from: each path's first frame is its
 * {@code from} image's round trip (DDIM inversion, then decoding), its last frame its {@code to} image's.
 * <pre>{@code
 * GeneratedImages path = model.edit(Edit.interpolation(images, images).frames(2).build());
 * RoundTrip trip = RoundTrip.of(path.images(), 2, images, images);
 * }</pre>
 *
 * @param meanAbsoluteDistance mean absolute pixel difference in display units of [0, 1]
 * @param meanPsnrDb           PSNR per image in dB (peak 1), averaged ({@link ImageBatches#meanPeakSignalToNoiseRatio})
 */
public record RoundTrip(double meanAbsoluteDistance, double meanPsnrDb) {

    /** The ends of the paths in {@code paths} (as an interpolation returns them: each pair's {@code frames} frames in turn). */
    public static RoundTrip of(ImageBatch paths, int frames, ImageBatch from, ImageBatch to) {
        int pairs = from.count();
        int size = paths.imageSize();
        if (paths.count() != pairs * frames || to.count() != pairs || from.imageSize() != size) {
            throw new IllegalArgumentException(paths.count() + " frames are not " + frames + " for each of " + pairs + " pairs of this size");
        }
        float[] ends = new float[2 * pairs * size];
        float[] images = new float[ends.length];
        for (int pair = 0; pair < pairs; pair++) {
            System.arraycopy(paths.pixels(), pair * frames * size, ends, 2 * pair * size, size);
            System.arraycopy(paths.pixels(), (pair * frames + frames - 1) * size, ends, (2 * pair + 1) * size, size);
            System.arraycopy(from.pixels(), pair * size, images, 2 * pair * size, size);
            System.arraycopy(to.pixels(), pair * size, images, (2 * pair + 1) * size, size);
        }
        ImageBatch decoded = new ImageBatch(ends, 2 * pairs, paths.height(), paths.width(), paths.channels());
        ImageBatch originals = new ImageBatch(images, 2 * pairs, paths.height(), paths.width(), paths.channels());
        return new RoundTrip(ImageBatches.meanAbsoluteDistance(decoded, originals), ImageBatches.meanPeakSignalToNoiseRatio(decoded, originals));
    }
}
