package org.diffusion4j.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MNIST-format data sets diffusion4j knows: their file names, official digests, and where they live when
 * nobody says otherwise. Both use the original MNIST file names and 28x28 images in ten classes.
 */
public enum DatasetKind {

    MNIST("mnist", "MNIST",
            Map.of("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                    "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432",
                    "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3",
                    "t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
            List.of(), null),

    /**
     * No digests: Debian's dataset-fashion-mnist recompresses the files, so their gzip digests differ from the
     * ones Zalando publishes, and checking those would reject the packaged copy. Structure is still validated.
     */
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST", Map.of(), List.of(),
            List.of(Path.of("/usr/share/datasets/fashion-mnist")), "apt-get install dataset-fashion-mnist");

    public static final int SIDE = 28;
    public static final int CLASSES = 10;

    private final String id;
    private final String displayName;
    private final Map<String, String> officialMd5s;
    private final List<URI> mirrors;
    private final List<Path> systemDirs;
    private final String installCommand;

    DatasetKind(String id, String displayName, Map<String, String> officialMd5s, List<URI> mirrors,
            List<Path> systemDirs, String installCommand) {
        this.id = id;
        this.displayName = displayName;
        this.officialMd5s = officialMd5s;
        this.mirrors = mirrors;
        this.systemDirs = systemDirs;
        this.installCommand = installCommand;
    }

    /** The data set a name stands for: mnist or fashion-mnist (also "fashion" and "fashion_mnist"), in any case. */
    public static DatasetKind named(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "mnist" -> MNIST;
            case "fashion-mnist", "fashion_mnist", "fashion" -> FASHION_MNIST;
            default -> throw new IllegalArgumentException("unknown data set '" + name + "'; use mnist or fashion-mnist");
        };
    }

    /** Folder name under the cache root, e.g. {@code mnist}. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** Gzip name of the images file, e.g. {@code train-images-idx3-ubyte.gz}. */
    public String imagesFile(Split split) {
        return split.filePrefix() + "-images-idx3-ubyte.gz";
    }

    /** Gzip name of the labels file, e.g. {@code t10k-labels-idx1-ubyte.gz}. */
    public String labelsFile(Split split) {
        return split.filePrefix() + "-labels-idx1-ubyte.gz";
    }

    /** The four gzip file names, train first. */
    public List<String> fileNames() {
        return List.of(imagesFile(Split.TRAIN), labelsFile(Split.TRAIN), imagesFile(Split.TEST), labelsFile(Split.TEST));
    }

    /** The official MD5 of a gzip file, when one is known for certain. */
    public Optional<String> officialMd5(String gzipName) {
        return Optional.ofNullable(officialMd5s.get(gzipName));
    }

    /** Mirrors to download from; empty when the data set comes from a package instead. */
    public List<URI> mirrors() {
        return mirrors;
    }

    public boolean downloadable() {
        return !mirrors.isEmpty();
    }

    /** Folders a system package installs the files into. */
    public List<Path> systemDirs() {
        return systemDirs;
    }

    public Optional<String> installCommand() {
        return Optional.ofNullable(installCommand);
    }

    /** The fix for "files not found", naming every way to provide them. */
    public String whereToPutFiles(Path cacheDir) {
        String put = "put " + String.join(", ", fileNames()) + " into " + cacheDir
                + ", or pass --data DIR, or set " + DataSettings.DATA_ENV + "=DIR";
        return installCommand().map(cmd -> cmd + ", or " + put).orElse(put);
    }
}
