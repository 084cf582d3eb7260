package org.diffusion4j.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A folder holding the four files of one MNIST-format data set, each either as the original {@code .gz} or
 * unpacked (the same name without {@code .gz}).
 *
 * <p>Official gzip files are checked against their published MD5 when handed out. Unpacked copies have no
 * published digest, so they are only validated by structure when read ({@link IdxReader}); the same holds for
 * data sets without known digests (Fashion-MNIST).
 */
public record DatasetFolder(Path dir, DatasetKind kind) {

    /** The images file of a split, MD5-checked when it is an official gzip. */
    public Path images(Split split) {
        return checked(kind.imagesFile(split));
    }

    /** The labels file of a split, MD5-checked when it is an official gzip. */
    public Path labels(Split split) {
        return checked(kind.labelsFile(split));
    }

    /** Whether all four files are present (in either form); says nothing about their contents. */
    public boolean isComplete() {
        return missing().isEmpty();
    }

    /** Gzip names of the files present in neither form. */
    public List<String> missing() {
        return kind.fileNames().stream().filter(name -> find(name).isEmpty()).toList();
    }

    /** Throws naming the folder or the first missing file; {@code source} says who chose this folder. */
    public DatasetFolder requireComplete(String source) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(source + " folder " + dir + " does not exist; point it at the folder that holds "
                    + String.join(", ", kind.fileNames()));
        }
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw missingFile(missing.get(0), source);
        }
        return this;
    }

    private Path checked(String gzipName) {
        Path file = find(gzipName).orElseThrow(() -> missingFile(gzipName, "the"));
        Optional<String> md5 = kind.officialMd5(gzipName);
        if (md5.isPresent() && IdxReader.isGzip(file)) {
            Md5.verify(file, md5.get());
        }
        return file;
    }

    private Optional<Path> find(String gzipName) {
        Path gz = dir.resolve(gzipName);
        if (Files.isRegularFile(gz)) {
            return Optional.of(gz);
        }
        Path raw = dir.resolve(unpackedName(gzipName));
        return Files.isRegularFile(raw) ? Optional.of(raw) : Optional.empty();
    }

    private DataException missingFile(String gzipName, String source) {
        return new DataException(kind.displayName() + " file " + gzipName + " (or unpacked " + unpackedName(gzipName)
                + ") is missing from " + source + " folder " + dir + "; copy it there"
                + kind.installCommand().map(cmd -> ", or run " + cmd + " and drop --data").orElse(""));
    }

    private static String unpackedName(String gzipName) {
        return gzipName.substring(0, gzipName.length() - ".gz".length());
    }
}
