package org.diffusion4j.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Makes the committed MNIST subset ({@link MnistSubset}) from the four original MNIST files: the first
 * {@code trainCount} training digits and the first {@code testCount} test digits with their labels, as gzip IDX
 * files named like the originals, plus {@code MD5SUMS}.
 *
 * <pre>
 * java -cp testdata/target/classes org.diffusion4j.testdata.MnistSubsetGenerator \
 *     ../shared/mnist testdata/src/main/resources/org/diffusion4j/testdata/mnist-subset 2000 1000
 * </pre>
 *
 * The IDX payloads are byte-for-byte prefixes of the originals; the gzip bytes depend on the JDK's zlib, so a
 * rerun on another machine may record other digests for the same digits.
 */
public final class MnistSubsetGenerator {

    private MnistSubsetGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: MnistSubsetGenerator MNIST_DIR OUT_DIR TRAIN_COUNT TEST_COUNT");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int trainCount = Integer.parseInt(args[2]);
        int testCount = Integer.parseInt(args[3]);
        List<String> sums = new ArrayList<>();
        for (String prefix : List.of("train", "t10k")) {
            int count = prefix.equals("train") ? trainCount : testCount;
            for (String kind : List.of("images-idx3-ubyte.gz", "labels-idx1-ubyte.gz")) {
                String name = prefix + "-" + kind;
                byte[] idx = prefix(gunzip(source.resolve(name)), count);
                Path file = out.resolve(name);
                Files.write(file, gzip(idx));
                sums.add(MnistSubset.md5(Files.readAllBytes(file)) + "  " + name);
            }
        }
        Files.write(out.resolve(MnistSubset.SUMS), sums, StandardCharsets.US_ASCII);
        System.out.println("wrote " + trainCount + " train and " + testCount + " test digits to " + out);
    }

    /** The first {@code count} items of an IDX file, with its first dimension rewritten. */
    static byte[] prefix(byte[] idx, int count) {
        ByteBuffer header = ByteBuffer.wrap(idx);
        int dimensions = idx[3];
        int available = header.getInt(4);
        if (count > available) {
            throw new IllegalArgumentException("asked for " + count + " items but the file holds " + available);
        }
        int itemSize = 1;
        for (int d = 1; d < dimensions; d++) {
            itemSize *= header.getInt(4 + 4 * d);
        }
        int headerSize = 4 + 4 * dimensions;
        byte[] out = Arrays.copyOf(idx, headerSize + count * itemSize);
        ByteBuffer.wrap(out).putInt(4, count);
        return out;
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
