package org.diffusion4j.datasets;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Prepared folders on disk, so a folder is decoded once rather than at every run. One file per folder and settings,
 * named by a hash of the two, holds the key it was made for: a hash of every image's path, class, size and modification
 * time, the settings and the preparation's version. A changed, added or removed image changes the key, and the file is
 * made again and replaced. Files are written to a temporary name and moved into place, so a killed run never leaves a
 * half-written cache that a later one would trust.
 */
final class ImageFolderCache {

    /** Changes whenever preparing an image would give other bytes, so old caches stop matching. */
    private static final String VERSION = "diffusion4j images 1: area average, centre square, sRGB composite, Rec.601 grey";
    private static final long MAGIC = 0x4434_4A49_4D47_5331L; // "D4JIMGS1"

    /** What a cache file holds: the data set and the skip lines of the load that made it, to repeat on reuse. */
    record Contents(ImageFolderDataset dataset, List<String> skipped, int files) {
    }

    private final Path dir;

    ImageFolderCache(Path dir) {
        this.dir = dir;
    }

    /** The cache file of a folder prepared with some settings. */
    Path fileFor(Path root, ImageFolderSettings settings) {
        return dir.resolve(sha256(root.toAbsolutePath().normalize() + "\n" + settings).substring(0, 32) + ".bin");
    }

    /** Everything that decides the prepared bytes; any change gives another key. */
    static String key(ImageFolderListing listing, ImageFolderSettings settings) {
        StringBuilder text = new StringBuilder(VERSION).append('\n').append(settings).append('\n')
                .append(String.join("/", listing.classNames())).append('\n');
        for (ImageFolderListing.ImageFile file : listing.files()) {
            text.append(file.relative()).append('\t').append(file.label()).append('\t').append(file.size()).append('\t')
                    .append(file.modifiedMillis()).append('\n');
        }
        return sha256(text.toString());
    }

    /** The contents if the file exists, is whole and was made for {@code key}; else empty (it will be made again). */
    Optional<Contents> read(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readLong() != MAGIC || !in.readUTF().equals(key)) {
                return Optional.empty();
            }
            int files = in.readInt();
            int count = in.readInt();
            int size = in.readInt();
            int channels = in.readInt();
            List<String> classNames = readStrings(in);
            List<String> skipped = readStrings(in);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readInt();
            }
            byte[] pixels = new byte[Math.multiplyExact(count, size * size * channels)];
            in.readFully(pixels);
            return Optional.of(new Contents(ImageFolderDataset.ofUint8(pixels, labels, classNames, size, channels), skipped, files));
        } catch (IOException | RuntimeException damaged) {
            return Optional.empty();
        }
    }

    void write(Path file, String key, Contents contents) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            ImageFolderDataset data = contents.dataset();
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
                out.writeLong(MAGIC);
                out.writeUTF(key);
                out.writeInt(contents.files());
                out.writeInt(data.size());
                out.writeInt(data.imageSize());
                out.writeInt(data.channels());
                writeStrings(out, data.classNames());
                writeStrings(out, contents.skipped());
                for (int label : data.labels()) {
                    out.writeInt(label);
                }
                out.write(data.uint8Pixels());
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            out.writeUTF(s);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }
}
