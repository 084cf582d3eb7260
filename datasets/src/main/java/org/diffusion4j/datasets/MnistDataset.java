package org.diffusion4j.datasets;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.diffusion4j.core.images.ImageBatch;

/**
 * An MNIST-format data set in memory: single-channel images with integer labels. Pixels are handed out as floats
 * in [-1, 1] ({@code p / 127.5 - 1}), the range diffusion models are trained in.
 *
 * <p>Images stay stored as the original unsigned bytes and are converted when copied out: a quarter of the
 * memory of floats (47 MB instead of 188 MB for the MNIST training set), and the conversion is a table look-up.
 * Padding stores byte 0, which converts to -1, the background.
 *
 * <p>Instances are immutable; every derived data set copies what it keeps.
 */
public final class MnistDataset {

    /** Fraction held out for validation when none is given. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    private final byte[] pixels;
    private final byte[] labels;
    private final int count;
    private final int height;
    private final int width;

    private MnistDataset(byte[] pixels, byte[] labels, int count, int height, int width) {
        this.pixels = pixels;
        this.labels = labels;
        this.count = count;
        this.height = height;
        this.width = width;
    }

    /**
     * Images as unsigned bytes ({@code count * height * width}, row-major) and one label per image; the arrays
     * are copied.
     */
    public static MnistDataset ofUint8(byte[] pixels, byte[] labels, int height, int width) {
        if (height <= 0 || width <= 0 || pixels.length != (long) labels.length * height * width) {
            throw new IllegalArgumentException(labels.length + " labels of " + height + "x" + width + " images need "
                    + ((long) labels.length * height * width) + " pixels, got " + pixels.length);
        }
        return new MnistDataset(pixels.clone(), labels.clone(), labels.length, height, width);
    }

    /** A split of MNIST from a folder holding the original files (gzip or unpacked). */
    public static MnistDataset load(Path dir, Split split) {
        return load(new DatasetFolder(dir, DatasetKind.MNIST), split);
    }

    /** A split of any MNIST-format data set; official gzip files are MD5-checked, all are checked by structure. */
    public static MnistDataset load(DatasetFolder folder, Split split) {
        Path imagesFile = folder.images(split);
        Path labelsFile = folder.labels(split);
        IdxFile images = IdxReader.read(imagesFile);
        IdxFile labels = IdxReader.read(labelsFile);
        int side = DatasetKind.SIDE;
        int[] dims = images.dims();
        if (dims.length != 3 || dims[1] != side || dims[2] != side) {
            throw new DataException("file " + imagesFile + " has shape " + images.shape() + " but " + folder.kind().displayName()
                    + " images are [count, " + side + ", " + side + "]; it is not an images file of this data set:"
                    + " delete it and download again");
        }
        if (labels.rank() != 1) {
            throw new DataException("file " + labelsFile + " has shape " + labels.shape() + " but a labels file is [count];"
                    + " it is not a labels file: delete it and download again");
        }
        if (labels.count() != images.count()) {
            throw new DataException("file " + imagesFile + " holds " + images.count() + " images but " + labelsFile + " holds "
                    + labels.count() + " labels; the two come from different downloads: delete both and download again");
        }
        byte[] labelBytes = labels.data();
        for (int i = 0; i < labelBytes.length; i++) {
            if ((labelBytes[i] & 0xff) >= DatasetKind.CLASSES) {
                throw new DataException("file " + labelsFile + " has label " + (labelBytes[i] & 0xff) + " at index " + i
                        + " but labels run from 0 to " + (DatasetKind.CLASSES - 1) + "; delete it and download again");
            }
        }
        return new MnistDataset(images.data(), labelBytes, images.count(), side, side);
    }

    public int size() {
        return count;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Pixels in one image (one channel). */
    public int imageSize() {
        return height * width;
    }

    public int label(int index) {
        return labels[checkIndex(index)] & 0xff;
    }

    /** All labels, in order (a copy). */
    public int[] labels() {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = labels[i] & 0xff;
        }
        return out;
    }

    /** One pixel in [-1, 1]. */
    public float pixel(int index, int y, int x) {
        checkIndex(index);
        if (y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException("pixel (" + y + ", " + x + ") outside " + height + "x" + width);
        }
        return UnitPixels.toUnit(pixels[index * imageSize() + y * width + x]);
    }

    /** The same images with {@code border} pixels of background (-1) on every side. */
    public MnistDataset padded(int border) {
        if (border < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + border);
        }
        int h = height + 2 * border;
        int w = width + 2 * border;
        byte[] out = new byte[count * h * w]; // zero bytes are the -1 background
        for (int i = 0; i < count; i++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(pixels, (i * height + y) * width, out, (i * h + y + border) * w + border, width);
            }
        }
        return new MnistDataset(out, labels.clone(), count, h, w);
    }

    /** 28x28 images padded to 32x32, the size U-Nets with three down-samplings need. */
    public MnistDataset paddedTo32() {
        if (height != width || height > 32 || (32 - height) % 2 != 0) {
            throw new IllegalStateException("cannot pad " + height + "x" + width + " images evenly to 32x32");
        }
        return padded((32 - height) / 2);
    }

    /** A seeded hold-out split with {@link #DEFAULT_VALIDATION_FRACTION}. */
    public TrainValidationSplit split(long seed) {
        return split(DEFAULT_VALIDATION_FRACTION, seed);
    }

    /**
     * Shuffles the indices with a {@link Random} seeded with {@code seed} (its algorithm is fixed by the Java
     * specification, so the split is the same on every JVM) and holds out {@code round(fraction * size)} of them.
     */
    public TrainValidationSplit split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        int[] order = shuffledIndices(seed);
        int held = (int) Math.round(validationFraction * count);
        return new TrainValidationSplit(select(Arrays.copyOfRange(order, held, count)), select(Arrays.copyOf(order, held)));
    }

    /** All indices in a seeded random order (Fisher-Yates). */
    public int[] shuffledIndices(long seed) {
        return Permutations.shuffled(count, new Random(seed));
    }

    /** The first {@code n} images; combine with {@link #split} or {@link #select} for a random subset. */
    public MnistDataset subset(int n) {
        if (n < 0 || n > count) {
            throw new IllegalArgumentException("subset of " + n + " from a data set of " + count);
        }
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = i;
        }
        return select(first);
    }

    /** The images at {@code indices}, in that order. */
    public MnistDataset select(int[] indices) {
        int size = imageSize();
        byte[] outPixels = new byte[indices.length * size];
        byte[] outLabels = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = checkIndex(indices[k]);
            System.arraycopy(pixels, i * size, outPixels, k * size, size);
            outLabels[k] = labels[i];
        }
        return new MnistDataset(outPixels, outLabels, indices.length, height, width);
    }

    /** The images at {@code indices} as a new NHWC batch with one channel. */
    public ImageBatch batch(int[] indices) {
        float[] out = new float[indices.length * imageSize()];
        copyImages(indices, 0, indices.length, out);
        return new ImageBatch(out, indices.length, height, width, 1);
    }

    /** The labels of the images at {@code indices}, matching {@link #batch(int[])}. */
    public int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = label(indices[k]);
        }
        return out;
    }

    /**
     * Writes the images {@code indices[from .. from + n)} into the start of {@code into} as NHWC floats in [-1, 1],
     * so a training loop can reuse one buffer per batch instead of allocating.
     */
    public void copyImages(int[] indices, int from, int n, float[] into) {
        int size = imageSize();
        if (from < 0 || n < 0 || from + n > indices.length) {
            throw new IndexOutOfBoundsException("images [" + from + ", " + (from + n) + ") of " + indices.length + " indices");
        }
        if ((long) n * size > into.length) {
            throw new IllegalArgumentException(n + " images of " + size + " pixels do not fit a buffer of " + into.length);
        }
        for (int k = 0; k < n; k++) {
            int src = checkIndex(indices[from + k]) * size;
            int dst = k * size;
            for (int p = 0; p < size; p++) {
                into[dst + p] = UnitPixels.toUnit(pixels[src + p]);
            }
        }
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("image " + index + " of a data set of " + count);
        }
        return index;
    }

    @Override
    public String toString() {
        return "MnistDataset[" + count + " x " + height + "x" + width + "]";
    }
}
