package org.diffusion4j.datasets;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.diffusion4j.core.images.ImageBatch;

/**
 * The prepared images of a folder in memory: square, 1 or 3 channels, stored as unsigned bytes NHWC and handed out as
 * floats in [-1, 1] by the same conversion as {@link MnistDataset}, with one class label per image.
 *
 * <p>Instances are immutable; every derived data set copies what it keeps.
 */
public final class ImageFolderDataset {

    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;
    private final int imageSize;
    private final int channels;

    private ImageFolderDataset(byte[] pixels, int[] labels, List<String> classNames, int imageSize, int channels) {
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.imageSize = imageSize;
        this.channels = channels;
    }

    /** Images as bytes ({@code labels.length * imageSize * imageSize * channels}, NHWC) and a label per image; arrays are copied. */
    public static ImageFolderDataset ofUint8(byte[] pixels, int[] labels, List<String> classNames, int imageSize, int channels) {
        if (imageSize <= 0 || (channels != 1 && channels != 3)
                || pixels.length != (long) labels.length * imageSize * imageSize * channels) {
            throw new IllegalArgumentException(labels.length + " images of " + imageSize + "x" + imageSize + "x" + channels
                    + " need " + (long) labels.length * imageSize * imageSize * channels + " bytes, got " + pixels.length);
        }
        for (int label : labels) {
            if (label < 0 || label >= classNames.size()) {
                throw new IllegalArgumentException("label " + label + " outside the " + classNames.size() + " classes " + classNames);
            }
        }
        return new ImageFolderDataset(pixels.clone(), labels.clone(), classNames, imageSize, channels);
    }

    public int size() {
        return labels.length;
    }

    /** Side of the square images. */
    public int imageSize() {
        return imageSize;
    }

    public int channels() {
        return channels;
    }

    /** Floats in one image: imageSize * imageSize * channels. */
    public int imageLength() {
        return imageSize * imageSize * channels;
    }

    /** The class folders' names; label i is classNames().get(i). */
    public List<String> classNames() {
        return classNames;
    }

    public int label(int index) {
        return labels[checkIndex(index)];
    }

    /** The stored byte of one pixel's channel, 0..255. */
    public int byteAt(int index, int y, int x, int channel) {
        return pixels[((checkIndex(index) * imageSize + y) * imageSize + x) * channels + channel] & 0xff;
    }

    /** All stored bytes, NHWC (a copy). */
    public byte[] uint8Pixels() {
        return pixels.clone();
    }

    /** All labels in order (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * Writes image {@code index} as floats in [-1, 1] into {@code into} at {@code offset}; {@code mirrored} flips it left
     * to right, the augmentation that suits most photographs.
     */
    public void copyImage(int index, float[] into, int offset, boolean mirrored) {
        int src = checkIndex(index) * imageLength();
        if (offset < 0 || offset + imageLength() > into.length) {
            throw new IndexOutOfBoundsException("an image of " + imageLength() + " floats at " + offset + " of " + into.length);
        }
        if (!mirrored) {
            for (int p = 0; p < imageLength(); p++) {
                into[offset + p] = UnitPixels.toUnit(pixels[src + p]);
            }
            return;
        }
        int row = imageSize * channels;
        for (int y = 0; y < imageSize; y++) {
            for (int x = 0; x < imageSize; x++) {
                int from = src + y * row + (imageSize - 1 - x) * channels;
                int to = offset + y * row + x * channels;
                for (int c = 0; c < channels; c++) {
                    into[to + c] = UnitPixels.toUnit(pixels[from + c]);
                }
            }
        }
    }

    /** The images at {@code indices} as a new NHWC batch. */
    public ImageBatch batch(int[] indices) {
        float[] out = new float[indices.length * imageLength()];
        for (int k = 0; k < indices.length; k++) {
            copyImage(indices[k], out, k * imageLength(), false);
        }
        return new ImageBatch(out, indices.length, imageSize, imageSize, channels);
    }

    /** The images at {@code indices}, in that order. */
    public ImageFolderDataset select(int[] indices) {
        int length = imageLength();
        byte[] outPixels = new byte[indices.length * length];
        int[] outLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = checkIndex(indices[k]);
            System.arraycopy(pixels, i * length, outPixels, k * length, length);
            outLabels[k] = labels[i];
        }
        return new ImageFolderDataset(outPixels, outLabels, classNames, imageSize, channels);
    }

    /** A seeded hold-out split with {@link MnistDataset#DEFAULT_VALIDATION_FRACTION}. */
    public Split split(long seed) {
        return split(MnistDataset.DEFAULT_VALIDATION_FRACTION, seed);
    }

    /**
     * The split {@link MnistDataset#split(double, long)} makes, drawn the same way: indices shuffled by a {@link Random}
     * seeded with {@code seed}, the first {@code round(fraction * size)} held out.
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        int[] order = Permutations.shuffled(size(), new Random(seed));
        int held = (int) Math.round(validationFraction * size());
        return new Split(select(Arrays.copyOfRange(order, held, size())), select(Arrays.copyOf(order, held)));
    }

    /** The two disjoint parts of a seeded hold-out split. */
    public record Split(ImageFolderDataset train, ImageFolderDataset validation) {
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("image " + index + " of a data set of " + labels.length);
        }
        return index;
    }

    @Override
    public String toString() {
        return "ImageFolderDataset[" + size() + " x " + imageSize + "x" + imageSize + "x" + channels + ", classes " + classNames + "]";
    }
}
