package org.diffusion4j.testdata;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where tests find MNIST and the Keras SavedModels. The shared folder beside the checkout ({@code ../shared}, passed
 * by Surefire as {@code diffusion4j.shared}) holds the full MNIST files and the models; a fresh clone has neither,
 * so MNIST falls back to the committed {@link MnistSubset} and model tests are skipped.
 */
public final class TestData {

    /** The system property Surefire sets to the shared folder. */
    public static final String SHARED_PROPERTY = "diffusion4j.shared";
    private static final List<String> MNIST_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private TestData() {
    }

    /** The shared folder; an IDE run starts in a module folder, two levels below it. */
    public static Path sharedRoot() {
        String shared = System.getProperty(SHARED_PROPERTY);
        return (shared != null ? Path.of(shared) : Path.of("../../shared")).toAbsolutePath().normalize();
    }

    /**
     * An MNIST folder for tests that need real digits but not all of them: the full files when they are at hand
     * (fast, and what CI uses), else the committed subset of {@link MnistSubset#TRAIN} train and
     * {@link MnistSubset#TEST} test digits. Both start with the same digits in the same order.
     */
    public static Path mnist() {
        return fullMnist().orElseGet(MnistSubset::unpackedDir);
    }

    /** Whether {@code dir} is the full data set rather than the subset. */
    public static boolean isFull(Path dir) {
        return fullMnist().filter(dir::equals).isPresent();
    }

    /** Number of test digits in an MNIST folder returned by {@link #mnist()}. */
    public static int testDigits(Path dir) {
        return isFull(dir) ? 10_000 : MnistSubset.TEST;
    }

    /**
     * The full original MNIST files, for tests whose assertions need all 70,000 digits or the official gzip digests;
     * the test is skipped (not failed) when no copy is at hand.
     */
    public static Path requireFullMnist() {
        Optional<Path> full = fullMnist();
        assumeTrue(full.isPresent(), () -> "needs the full MNIST files, found in none of " + fullMnistCandidates()
                + "; run ./diffusion4j train once (it downloads them to the cache) or put the four *-ubyte.gz files in one of these");
        return full.get();
    }

    /** The shared folder's copy, then $DIFFUSION4J_DATA, then the user cache the CLI downloads into. */
    public static Optional<Path> fullMnist() {
        return fullMnistCandidates().stream().filter(TestData::holdsMnist).findFirst();
    }

    private static List<Path> fullMnistCandidates() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(sharedRoot().resolve("mnist"));
        String data = System.getenv("DIFFUSION4J_DATA");
        if (data != null && !data.isBlank()) {
            dirs.add(Path.of(data).toAbsolutePath().normalize());
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        dirs.add(cache.resolve("diffusion4j").resolve("mnist"));
        return dirs;
    }

    private static boolean holdsMnist(Path dir) {
        return MNIST_FILES.stream().allMatch(name -> Files.isRegularFile(dir.resolve(name + ".gz"))
                || Files.isRegularFile(dir.resolve(name)));
    }

    /**
     * A Keras/TensorFlow SavedModel from the shared folder's {@code models}. They were written by Python TensorFlow
     * and cannot be downloaded, so a test that needs one is skipped (not failed) without it.
     */
    public static Path model(String name) {
        Path dir = sharedRoot().resolve("models").resolve(name);
        assumeTrue(Files.isDirectory(dir), () -> "needs the SavedModel " + name + " in " + dir
                + " (the shared test models are not part of the repository; set -D" + SHARED_PROPERTY + "=DIR to point at them)");
        return dir;
    }
}
