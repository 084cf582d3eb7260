package org.diffusion4j.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A real MNIST subset committed with the project (the first {@link #TRAIN} training and {@link #TEST} test
 * digits, made by {@link MnistSubsetGenerator}), so the tests run on a fresh clone without the full files.
 *
 * <p>The gzip files are checked against the digests recorded beside them, then unpacked: the project's loader
 * checks gzip files against the official MNIST digests, which a subset cannot match, while unpacked files are
 * validated by structure only.
 */
public final class MnistSubset {

    public static final int TRAIN = 2000;
    public static final int TEST = 1000;
    static final String SUMS = "MD5SUMS";
    private static final String RESOURCES = "/org/diffusion4j/testdata/mnist-subset/";
    private static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    private static Path unpacked;
    private static Path gzipped;

    private MnistSubset() {
    }

    /** A folder with the four files unpacked (names without {@code .gz}), made once per JVM. */
    public static synchronized Path unpackedDir() {
        if (unpacked == null) {
            Path dir = tempDir("diffusion4j-mnist-subset");
            verified().forEach((name, bytes) -> write(dir.resolve(name.substring(0, name.length() - 3)), gunzip(bytes)));
            unpacked = dir;
        }
        return unpacked;
    }

    /** A folder with the four verified gzip files as committed (not the official digests: the loader rejects them). */
    public static synchronized Path gzipDir() {
        if (gzipped == null) {
            Path dir = tempDir("diffusion4j-mnist-subset-gz");
            verified().forEach((name, bytes) -> write(dir.resolve(name), bytes));
            gzipped = dir;
        }
        return gzipped;
    }

    /** The recorded MD5 of one committed gzip file, e.g. {@code t10k-labels-idx1-ubyte.gz}. */
    public static String recordedMd5(String gzipName) {
        String digest = recordedMd5s().get(gzipName);
        if (digest == null) {
            throw new IllegalArgumentException("the MNIST subset has no file " + gzipName + "; it has " + FILES);
        }
        return digest;
    }

    private static Map<String, byte[]> verified() {
        Map<String, String> sums = recordedMd5s();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : FILES) {
            byte[] bytes = resource(name);
            String actual = md5(bytes);
            if (!actual.equals(sums.get(name))) {
                throw new IllegalStateException("MNIST subset file " + name + " has MD5 " + actual + " but " + SUMS + " records "
                        + sums.get(name) + "; restore it with git checkout, or regenerate both with MnistSubsetGenerator");
            }
            files.put(name, bytes);
        }
        return files;
    }

    private static Map<String, String> recordedMd5s() {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : new String(resource(SUMS), StandardCharsets.US_ASCII).split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2) {
                sums.put(parts[1], parts[0]);
            }
        }
        return sums;
    }

    private static byte[] resource(String name) {
        try (InputStream in = MnistSubset.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("MNIST subset file " + RESOURCES + name
                        + " is not on the class path; build the testdata module (mvn -pl testdata package)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzip(byte[] gzip) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
            // deleteOnExit runs in reverse order of registration: files before their folder.
            file.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
