package org.diffusion4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.diffusion4j.testdata.IdxFixtures;
import org.diffusion4j.testdata.TestData;
import org.diffusion4j.testdata.IdxFixtures.Defect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @TempDir
    Path tmp;

    @Test
    void gzipAndRawGiveIdenticalData() {
        // Misleading names on purpose: compression is detected from content.
        IdxFile gz = IdxReader.read(IdxFixtures.writeImages(tmp.resolve("a.raw"), 5, 28, 28, true));
        IdxFile raw = IdxReader.read(IdxFixtures.writeImages(tmp.resolve("b.gz"), 5, 28, 28, false));
        assertArrayEquals(new int[] {5, 28, 28}, gz.dims());
        assertArrayEquals(gz.dims(), raw.dims());
        assertArrayEquals(gz.data(), raw.data());
        assertEquals((byte) IdxFixtures.pixel(3, 4, 5), gz.data()[3 * 784 + 4 * 28 + 5]);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void truncatedPayloadNamesFileAndSizes(boolean gzip) {
        Path file = IdxFixtures.writeBrokenImages(tmp.resolve("t.idx"), 3, Defect.TRUNCATED, gzip);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertEquals("file " + file + " is truncated: expected 2352 bytes of pixels, found 2252; delete it and download again",
                e.getMessage());
    }

    @Test
    void gzipStreamCutShortIsTruncated() throws Exception {
        Path file = IdxFixtures.writeImages(tmp.resolve("cut.gz"), 20, 28, 28, true);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith("file " + file + " is truncated"), e.getMessage());
        assertTrue(e.getMessage().endsWith("delete it and download again"), e.getMessage());
    }

    @Test
    void extraBytesAreRejected() {
        Path file = IdxFixtures.writeBrokenImages(tmp.resolve("x.idx"), 2, Defect.EXTRA_BYTES, false);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("has 7 extra bytes after the 1568 bytes of pixels"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void badMagicSaysNotIdx(boolean gzip) {
        Path file = IdxFixtures.writeBrokenImages(tmp.resolve("m.idx"), 2, Defect.BAD_MAGIC, gzip);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith("file " + file + " is not an IDX file (it starts with 0x42 0x00"), e.getMessage());
    }

    @Test
    void wrongTypeIsNamed() {
        Path file = IdxFixtures.writeBrokenImages(tmp.resolve("f.idx"), 2, Defect.WRONG_TYPE, false);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("holds IDX type 0x0d but only unsigned bytes (0x08)"), e.getMessage());
    }

    @Test
    void missingFileIsOneClearLine() {
        Path file = tmp.resolve("nope.gz");
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith("file " + file + " does not exist"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    /**
     * The full training images, checked byte for byte against a plain gzip decode that skips the 16-byte
     * header. How fast it reads is a benchmark question, so the time is printed, not asserted.
     */
    @Test
    void realMnistTrainImagesMatchAPlainDecode() throws Exception {
        Path file = TestData.requireFullMnist().resolve("train-images-idx3-ubyte.gz");
        long start = System.nanoTime();
        IdxFile images = IdxReader.read(file);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertArrayEquals(new int[] {60000, 28, 28}, images.dims());
        byte[] plain;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            plain = in.readAllBytes();
        }
        assertArrayEquals(Arrays.copyOfRange(plain, 16, plain.length), images.data());
        System.out.println("IdxReader: MNIST train images (gzip) in " + millis + " ms");
    }
}
