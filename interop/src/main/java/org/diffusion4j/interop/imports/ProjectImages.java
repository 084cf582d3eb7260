package org.diffusion4j.interop.imports;

import org.diffusion4j.core.images.ImageBatch;

/**
 * Brings an imported model's images into the project's convention (pixels in [-1, 1], a given size) so
 * the grids, classifiers and metrics written for native models take them unchanged.
 */
public final class ProjectImages {

    private ProjectImages() {
    }

    /** Model pixels to [-1, 1], then to {@code size}x{@code size} by cropping (PAD) or bilinear resizing (RESIZE). */
    public static ImageBatch fromModel(ImageBatch images, PixelRange pixels, SizeFit fit, int size) {
        float[] scaled = new float[images.pixels().length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = pixels.toProject(images.pixels()[i]);
        }
        ImageBatch project = images.withPixels(scaled);
        if (images.height() == size && images.width() == size) {
            return project;
        }
        return fit == SizeFit.PAD ? crop(project, size) : resize(project, size);
    }

    /** The centred size x size window: undoes zero padding to the model's size. */
    static ImageBatch crop(ImageBatch images, int size) {
        if (size > images.height() || size > images.width()) {
            throw new IllegalArgumentException("cannot crop " + images.height() + "x" + images.width() + " images to " + size);
        }
        int top = (images.height() - size) / 2;
        int left = (images.width() - size) / 2;
        int c = images.channels();
        ImageBatch out = ImageBatch.zeros(images.count(), size, size, c);
        for (int n = 0; n < images.count(); n++) {
            for (int y = 0; y < size; y++) {
                int from = ((n * images.height() + top + y) * images.width() + left) * c;
                System.arraycopy(images.pixels(), from, out.pixels(), (n * size + y) * size * c, size * c);
            }
        }
        return out;
    }

    /** Bilinear with half-pixel centres, as tf.image.resize does. */
    static ImageBatch resize(ImageBatch images, int size) {
        int h = images.height();
        int w = images.width();
        int c = images.channels();
        ImageBatch out = ImageBatch.zeros(images.count(), size, size, c);
        float[] in = images.pixels();
        for (int n = 0; n < images.count(); n++) {
            for (int y = 0; y < size; y++) {
                double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / size - 0.5));
                int y0 = (int) Math.floor(sy);
                int y1 = Math.min(h - 1, y0 + 1);
                double fy = sy - y0;
                for (int x = 0; x < size; x++) {
                    double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / size - 0.5));
                    int x0 = (int) Math.floor(sx);
                    int x1 = Math.min(w - 1, x0 + 1);
                    double fx = sx - x0;
                    for (int k = 0; k < c; k++) {
                        double top = in[((n * h + y0) * w + x0) * c + k] * (1 - fx) + in[((n * h + y0) * w + x1) * c + k] * fx;
                        double bottom = in[((n * h + y1) * w + x0) * c + k] * (1 - fx) + in[((n * h + y1) * w + x1) * c + k] * fx;
                        out.pixels()[((n * size + y) * size + x) * c + k] = (float) (top * (1 - fy) + bottom * fy);
                    }
                }
            }
        }
        return out;
    }
}
