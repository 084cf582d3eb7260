package org.diffusion4j.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Small synthetic IDX files (the MNIST format) and deliberately broken variants, written into a folder a test
 * owns. Pixel values follow {@link #pixel} so tests can check exact contents without storing any.
 */
public final class IdxFixtures {

    /** Side of MNIST images. */
    public static final int SIDE = 28;

    /** The ways {@link #writeBrokenImages} damages a file. */
    public enum Defect {
        /** The payload ends 100 bytes early. */
        TRUNCATED,
        /** 7 bytes follow the payload. */
        EXTRA_BYTES,
        /** The first two bytes are not 0x00 0x00. */
        BAD_MAGIC,
        /** Type byte 0x0D (float) instead of 0x08 (unsigned byte). */
        WRONG_TYPE,
        /** Images of 28x27 instead of 28x28 (a consistent file, just not MNIST). */
        WRONG_DIMS
    }

    private IdxFixtures() {
    }

    /** The unsigned pixel value of image {@code image} at ({@code y}, {@code x}); covers 0 and 255. */
    public static int pixel(int image, int y, int x) {
        return (image * 37 + y * 11 + x * 5) % 256;
    }

    /** The label of image {@code image}. */
    public static int label(int image) {
        return image % 10;
    }

    public static byte[] imagePixels(int count, int height, int width) {
        byte[] out = new byte[count * height * width];
        for (int i = 0, k = 0; i < count; i++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[k++] = (byte) pixel(i, y, x);
                }
            }
        }
        return out;
    }

    public static byte[] labelBytes(int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) label(i);
        }
        return out;
    }

    /** A complete IDX file of unsigned bytes: magic, big-endian dimensions, payload. */
    public static byte[] idx(int[] dims, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        out.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            out.putInt(d);
        }
        return out.put(payload).array();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code content}, gzip-compressed when asked, creating parent folders. */
    public static Path write(Path file, byte[] content, boolean compress) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, compress ? gzip(content) : content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path writeImages(Path file, int count, int height, int width, boolean compress) {
        return write(file, idx(new int[] {count, height, width}, imagePixels(count, height, width)), compress);
    }

    public static Path writeLabels(Path file, int count, boolean compress) {
        return write(file, idx(new int[] {count}, labelBytes(count)), compress);
    }

    /**
     * The four files of an MNIST-format data set under their original names ({@code .gz} when compressed,
     * without the suffix when raw), with 28x28 images.
     */
    public static Path writeMnistFolder(Path dir, int trainCount, int testCount, boolean compress) {
        String suffix = compress ? ".gz" : "";
        writeImages(dir.resolve("train-images-idx3-ubyte" + suffix), trainCount, SIDE, SIDE, compress);
        writeLabels(dir.resolve("train-labels-idx1-ubyte" + suffix), trainCount, compress);
        writeImages(dir.resolve("t10k-images-idx3-ubyte" + suffix), testCount, SIDE, SIDE, compress);
        writeLabels(dir.resolve("t10k-labels-idx1-ubyte" + suffix), testCount, compress);
        return dir;
    }

    /** An images file of {@code count} 28x28 images damaged as {@code defect} says. */
    public static Path writeBrokenImages(Path file, int count, Defect defect, boolean compress) {
        byte[] good = idx(new int[] {count, SIDE, SIDE}, imagePixels(count, SIDE, SIDE));
        byte[] broken = switch (defect) {
            case TRUNCATED -> Arrays.copyOf(good, good.length - 100);
            case EXTRA_BYTES -> Arrays.copyOf(good, good.length + 7);
            case BAD_MAGIC -> withByte(good, 0, 0x42);
            case WRONG_TYPE -> withByte(good, 2, 0x0D);
            case WRONG_DIMS -> idx(new int[] {count, SIDE, SIDE - 1}, imagePixels(count, SIDE, SIDE - 1));
        };
        return write(file, broken, compress);
    }

    /** Inverts the bits of one byte of a file in place, e.g. to corrupt a copy of a download. */
    public static void flipByte(Path file, int offset) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            bytes[offset] ^= (byte) 0xff;
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] withByte(byte[] data, int offset, int value) {
        byte[] out = data.clone();
        out[offset] = (byte) value;
        return out;
    }
}
