package org.diffusion4j.interop.imports;

import org.diffusion4j.core.images.ImageBatch;

/** Project images (pixels in [-1, 1]) in an imported model's pixel scale and size: the inverse of {@link ProjectImages}. */
final class ModelImages {

    private ModelImages() {
    }

    static ImageBatch toModel(ImageBatch images, PixelRange pixels, SizeFit fit, int height, int width) {
        ImageBatch sized = images;
        if (images.height() != height || images.width() != width) {
            if (height != width) {
                throw new IllegalArgumentException("only square models can be fitted from " + images.height() + "x" + images.width());
            }
            // Padding is done in the project's scale, where -1 is the black background.
            sized = fit == SizeFit.PAD ? pad(images, height) : ProjectImages.resize(images, height);
        }
        float[] out = new float[sized.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = pixels.fromProject(sized.pixels()[i]);
        }
        return sized.withPixels(out);
    }

    /** Grey images as RGB, the grey repeated in each channel; RGB images as they are. */
    static ImageBatch toRgb(ImageBatch images) {
        if (images.channels() == 3) {
            return images;
        }
        float[] grey = images.pixels();
        float[] rgb = new float[grey.length * 3];
        for (int i = 0; i < grey.length; i++) {
            rgb[3 * i] = grey[i];
            rgb[3 * i + 1] = grey[i];
            rgb[3 * i + 2] = grey[i];
        }
        return new ImageBatch(rgb, images.count(), images.height(), images.width(), 3);
    }

    static ImageBatch pad(ImageBatch images, int size) {
        int top = (size - images.height()) / 2;
        int left = (size - images.width()) / 2;
        int c = images.channels();
        ImageBatch out = ImageBatch.zeros(images.count(), size, size, c);
        java.util.Arrays.fill(out.pixels(), -1f);
        for (int n = 0; n < images.count(); n++) {
            for (int y = 0; y < images.height(); y++) {
                System.arraycopy(images.pixels(), ((n * images.height() + y) * images.width()) * c, out.pixels(),
                        ((n * size + top + y) * size + left) * c, images.width() * c);
            }
        }
        return out;
    }
}
