package org.diffusion4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.testdata.IdxFixtures;
import org.diffusion4j.testdata.IdxFixtures.Defect;
import org.diffusion4j.testdata.MnistSubset;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDatasetTest {

    @TempDir
    Path tmp;

    private static float unit(int p) {
        return p / 127.5f - 1f;
    }

    @Test
    void realTestSetLoads() {
        Path dir = TestData.mnist();
        MnistDataset test = MnistDataset.load(dir, Split.TEST);
        int size = TestData.testDigits(dir);
        assertEquals(size, test.size());
        assertEquals(28, test.height());
        assertEquals(28, test.width());
        assertEquals(7, test.label(0));
        ImageBatch all = test.batch(IntStream.range(0, test.size()).toArray());
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float p : all.pixels()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertEquals(-1f, min);
        assertEquals(1f, max);
        assertArrayEquals(new long[] {size, 28, 28, 1}, all.shape());
    }

    @Test
    void gzipAndUnpackedRealFilesLoadTheSame() throws Exception {
        // Official gzip files: the loader checks them against the published digests, which the subset cannot match.
        Path shared = TestData.requireFullMnist();
        for (String name : new String[] {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(shared.resolve(name + ".gz")))) {
                Files.copy(in, tmp.resolve(name));
            }
        }
        MnistDataset gz = MnistDataset.load(shared, Split.TEST);
        MnistDataset raw = MnistDataset.load(tmp, Split.TEST);
        int[] all = IntStream.range(0, gz.size()).toArray();
        assertArrayEquals(gz.batch(all).pixels(), raw.batch(all).pixels());
        assertArrayEquals(gz.labels(), raw.labels());
    }

    @Test
    void committedSubsetLoadsWithItsCounts() {
        Path dir = MnistSubset.unpackedDir();
        MnistDataset train = MnistDataset.load(dir, Split.TRAIN);
        MnistDataset test = MnistDataset.load(dir, Split.TEST);
        assertEquals(MnistSubset.TRAIN, train.size());
        assertEquals(MnistSubset.TEST, test.size());
        assertEquals(5, train.label(0));
        assertEquals(7, test.label(0));
        // Every class is present, so classifier tests on the subset see all ten digits.
        assertEquals(10, Arrays.stream(train.labels()).distinct().count());
        assertEquals(10, Arrays.stream(test.labels()).distinct().count());
    }

    @Test
    void committedSubsetIsTheStartOfTheOriginals() {
        Path full = TestData.requireFullMnist();
        Path subset = MnistSubset.unpackedDir();
        for (Split split : Split.values()) {
            MnistDataset original = MnistDataset.load(full, split);
            MnistDataset part = MnistDataset.load(subset, split);
            int[] first = IntStream.range(0, part.size()).toArray();
            assertArrayEquals(original.batch(first).pixels(), part.batch(first).pixels(), split.toString());
            assertArrayEquals(original.labels(first), part.labels(), split.toString());
        }
    }

    @Test
    void syntheticPixelsAreNormalised() {
        MnistDataset data = MnistDataset.load(IdxFixtures.writeMnistFolder(tmp, 12, 4, false), Split.TRAIN);
        assertEquals(unit(IdxFixtures.pixel(5, 6, 7)), data.pixel(5, 6, 7));
        assertEquals(IdxFixtures.label(11), data.label(11));
    }

    @Test
    void seededSplitIsDeterministicDisjointAndSized() {
        MnistDataset data = MnistDataset.load(IdxFixtures.writeMnistFolder(tmp, 200, 1, false), Split.TRAIN);
        int[] order = data.shuffledIndices(42);
        assertArrayEquals(order, data.shuffledIndices(42));
        assertTrue(!Arrays.equals(order, data.shuffledIndices(43)));
        assertArrayEquals(IntStream.range(0, 200).toArray(), Arrays.stream(order).sorted().toArray());

        TrainValidationSplit split = data.split(42);
        assertEquals(180, split.train().size());
        assertEquals(20, split.validation().size());
        // Images are distinct (pixel pattern depends on the index), so their first pixels identify them.
        Set<String> trainImages = fingerprints(split.train());
        Set<String> validationImages = fingerprints(split.validation());
        assertEquals(180, trainImages.size());
        assertEquals(20, validationImages.size());
        trainImages.retainAll(validationImages);
        assertTrue(trainImages.isEmpty(), "train and validation overlap");

        TrainValidationSplit again = data.split(0.1, 42);
        assertArrayEquals(split.validation().labels(), again.validation().labels());
        assertEquals(fingerprints(split.validation()), fingerprints(again.validation()));
        assertEquals(50, data.split(0.25, 7).validation().size());
    }

    private static Set<String> fingerprints(MnistDataset data) {
        Set<String> out = new HashSet<>();
        float[] buffer = new float[data.imageSize()];
        for (int i = 0; i < data.size(); i++) {
            data.copyImages(new int[] {i}, 0, 1, buffer);
            out.add(Arrays.toString(Arrays.copyOf(buffer, 40)));
        }
        return out;
    }

    @Test
    void paddingCentresTheOriginalOnBackground() {
        MnistDataset data = MnistDataset.load(IdxFixtures.writeMnistFolder(tmp, 3, 1, false), Split.TRAIN);
        MnistDataset padded = data.paddedTo32();
        assertEquals(32, padded.height());
        assertEquals(32, padded.width());
        assertEquals(3, padded.size());
        assertArrayEquals(data.labels(), padded.labels());
        for (int i = 0; i < 3; i++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean inside = y >= 2 && y < 30 && x >= 2 && x < 30;
                    float expected = inside ? data.pixel(i, y - 2, x - 2) : -1f;
                    assertEquals(expected, padded.pixel(i, y, x), "image " + i + " at " + y + "," + x);
                }
            }
        }
    }

    @Test
    void batchesAndBufferCopiesAgree() {
        MnistDataset data = MnistDataset.load(IdxFixtures.writeMnistFolder(tmp, 10, 1, false), Split.TRAIN);
        int[] indices = {9, 2, 5, 0};
        ImageBatch batch = data.batch(indices);
        assertArrayEquals(new long[] {4, 28, 28, 1}, batch.shape());
        assertEquals(unit(IdxFixtures.pixel(9, 0, 1)), batch.pixels()[1]);
        assertArrayEquals(new int[] {9, 2, 5, 0}, data.labels(indices));

        float[] buffer = new float[3 * data.imageSize()];
        Arrays.fill(buffer, 99f);
        data.copyImages(indices, 1, 2, buffer);
        assertArrayEquals(Arrays.copyOfRange(batch.pixels(), 784, 3 * 784), Arrays.copyOf(buffer, 2 * 784));
        assertEquals(99f, buffer[2 * 784], "only the requested images are written");
        assertThrows(IllegalArgumentException.class, () -> data.copyImages(indices, 0, 4, buffer));

        MnistDataset first = data.subset(3);
        assertEquals(3, first.size());
        assertArrayEquals(new int[] {0, 1, 2}, first.labels());
    }

    @Test
    void missingFileInExplicitFolderIsNamed() throws Exception {
        IdxFixtures.writeMnistFolder(tmp, 5, 5, false);
        Files.delete(tmp.resolve("t10k-labels-idx1-ubyte"));
        DataException e = assertThrows(DataException.class, () -> MnistDataset.load(tmp, Split.TEST));
        assertEquals("MNIST file t10k-labels-idx1-ubyte.gz (or unpacked t10k-labels-idx1-ubyte) is missing from the folder "
                + tmp + "; copy it there", e.getMessage());
    }

    @Test
    void truncatedFileInFolderIsNamed() {
        IdxFixtures.writeMnistFolder(tmp, 5, 5, false);
        Path images = IdxFixtures.writeBrokenImages(tmp.resolve("t10k-images-idx3-ubyte"), 5, Defect.TRUNCATED, false);
        DataException e = assertThrows(DataException.class, () -> MnistDataset.load(tmp, Split.TEST));
        assertEquals("file " + images + " is truncated: expected 3920 bytes of pixels, found 3820; delete it and download again",
                e.getMessage());
    }

    @Test
    void wrongDimensionsAreNamed() {
        IdxFixtures.writeMnistFolder(tmp, 5, 5, false);
        Path images = IdxFixtures.writeBrokenImages(tmp.resolve("t10k-images-idx3-ubyte"), 5, Defect.WRONG_DIMS, false);
        DataException e = assertThrows(DataException.class, () -> MnistDataset.load(tmp, Split.TEST));
        assertTrue(e.getMessage().startsWith("file " + images + " has shape [5, 28, 27] but MNIST images are [count, 28, 28]"),
                e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        IdxFixtures.writeMnistFolder(tmp, 5, 5, false);
        IdxFixtures.writeLabels(tmp.resolve("t10k-labels-idx1-ubyte"), 4, false);
        DataException e = assertThrows(DataException.class, () -> MnistDataset.load(tmp, Split.TEST));
        assertTrue(e.getMessage().contains("holds 5 images but"), e.getMessage());
        assertTrue(e.getMessage().contains("holds 4 labels"), e.getMessage());
    }

    @Test
    void fashionMnistLoadsThroughTheSameReader() {
        // Same layout as Debian's dataset-fashion-mnist package; no digests, so synthetic gzip files are accepted.
        Path dir = IdxFixtures.writeMnistFolder(tmp, 6, 3, true);
        MnistDataset data = MnistDataset.load(new DatasetFolder(dir, DatasetKind.FASHION_MNIST), Split.TEST);
        assertEquals(3, data.size());
        assertEquals(unit(IdxFixtures.pixel(2, 27, 27)), data.pixel(2, 27, 27));
    }

    @Test
    void installedFashionMnistLoads() {
        Path installed = DatasetKind.FASHION_MNIST.systemDirs().get(0);
        assumeTrue(Files.isDirectory(installed), "dataset-fashion-mnist is not installed");
        MnistDataset data = MnistDataset.load(new DatasetFolder(installed, DatasetKind.FASHION_MNIST), Split.TEST);
        assertEquals(10000, data.size());
    }
}
