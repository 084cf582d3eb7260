package org.diffusion4j.api;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.ImageBatches;
import org.diffusion4j.core.images.PngGrid;

/**
 * Generated images in display units: pixels in [-1, 1] (black to white; a sampler may overshoot, and PNGs clip), NHWC.
 *
 * @param images       the images
 * @param conditioning the class each image was asked to show and the guidance, or null for an unconditional model
 * @param seconds      wall time of the generation
 */
public record GeneratedImages(ImageBatch images, Conditioning conditioning, double seconds) {

    /** The class each image was asked to show, or null for an unconditional model. */
    public int[] labels() {
        return conditioning == null ? null : conditioning.labels().clone();
    }

    /** The number of images. */
    public int count() {
        return images.count();
    }

    /** Each image as a grey or RGB {@link BufferedImage} of its own size, clipped to the 0..255 range. */
    public List<BufferedImage> toBufferedImages() {
        List<BufferedImage> result = new ArrayList<>(images.count());
        int h = images.height();
        int w = images.width();
        int c = images.channels();
        float[] pixels = images.pixels();
        for (int n = 0; n < images.count(); n++) {
            BufferedImage image = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int base = ((n * h + y) * w + x) * c;
                    if (c == 1) {
                        image.getRaster().setSample(x, y, 0, ImageBatches.toByte(pixels[base]));
                    } else {
                        image.setRGB(x, y, ImageBatches.toByte(pixels[base]) << 16 | ImageBatches.toByte(pixels[base + 1]) << 8
                                | ImageBatches.toByte(pixels[base + 2]));
                    }
                }
            }
            result.add(image);
        }
        return result;
    }

    /**
     * Writes the images as one PNG grid of {@code columns} per row, each pixel drawn {@code scale} times larger; when every
     * row holds one class (a conditional model's row per class), the class's name stands beside its row.
     */
    public void writeGrid(Path file, int columns, int scale) {
        List<String> rowNames = rowNames(columns);
        if (rowNames != null) {
            PngGrid.writeWithRowNames(images, columns, file, scale, rowNames);
        } else {
            PngGrid.write(images, columns, file, scale);
        }
    }

    /** One name per row when each row asked for one class (and there are several rows), else null. */
    private List<String> rowNames(int columns) {
        int[] labels = labels();
        if (labels == null || labels.length <= columns) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int start = 0; start < labels.length; start += columns) {
            int label = labels[start];
            for (int i = start; i < Math.min(labels.length, start + columns); i++) {
                if (labels[i] != label) {
                    return null;
                }
            }
            List<String> classNames = conditioning.classNames();
            names.add(classNames != null && label < classNames.size() ? classNames.get(label) : String.valueOf(label));
        }
        return names;
    }

    /** Writes the images as a PNG grid, 8 per row, 3x enlarged: how the command line draws them. */
    public void writeGrid(Path file) {
        writeGrid(file, 8, 3);
    }
}
