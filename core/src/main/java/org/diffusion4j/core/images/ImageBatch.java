package org.diffusion4j.core.images;

import java.util.Arrays;

/**
 * A batch of images in NHWC order, pixels as float. The common currency between data sets,
 * denoisers, samplers and image writers, so none of them needs to know about TensorFlow tensors.
 */
public record ImageBatch(float[] pixels, int count, int height, int width, int channels) {

    public ImageBatch {
        if (count < 0 || height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad image batch shape [" + count + "," + height + "," + width + "," + channels + "]");
        }
        if ((long) count * height * width * channels != pixels.length) {
            throw new IllegalArgumentException("image batch of shape [" + count + "," + height + "," + width + "," + channels
                    + "] needs " + ((long) count * height * width * channels) + " pixels, got " + pixels.length);
        }
    }

    public static ImageBatch zeros(int count, int height, int width, int channels) {
        return new ImageBatch(new float[count * height * width * channels], count, height, width, channels);
    }

    /** Pixels in one image. */
    public int imageSize() {
        return height * width * channels;
    }

    /** A batch of the same shape holding other pixels. */
    public ImageBatch withPixels(float[] newPixels) {
        return new ImageBatch(newPixels, count, height, width, channels);
    }

    /** Images [from, to) as a new batch (copied). */
    public ImageBatch slice(int from, int to) {
        return new ImageBatch(Arrays.copyOfRange(pixels, from * imageSize(), to * imageSize()), to - from, height, width, channels);
    }

    public boolean allFinite() {
        for (float p : pixels) {
            if (!Float.isFinite(p)) {
                return false;
            }
        }
        return true;
    }

    public long[] shape() {
        return new long[] {count, height, width, channels};
    }
}
