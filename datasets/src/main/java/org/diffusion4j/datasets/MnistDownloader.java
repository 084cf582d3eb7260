package org.diffusion4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Downloads the files of an MNIST-format data set from a list of mirrors into a folder.
 *
 * <p>Each file goes to a temporary file in the target folder, is checked against its official MD5 and only then
 * moved into place atomically, so an interrupted or corrupt download never leaves a file under the real name.
 * Uses {@link URLConnection} rather than {@code java.net.http} so that {@code file:} mirrors work too.
 */
public final class MnistDownloader {

    private static final int CONNECT_TIMEOUT_MS = 15_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    private final List<URI> mirrors;
    private final DownloadProgress progress;

    public MnistDownloader(List<URI> mirrors, DownloadProgress progress) {
        if (mirrors.isEmpty()) {
            throw new IllegalArgumentException("at least one mirror is needed");
        }
        this.mirrors = mirrors.stream().map(MnistDownloader::asFolder).toList();
        this.progress = progress;
    }

    /** Downloads the files of {@code kind} missing from {@code targetDir}; returns that folder. */
    public DatasetFolder download(DatasetKind kind, Path targetDir) {
        try {
            Files.createDirectories(targetDir);
        } catch (IOException e) {
            throw new DataException("cannot create folder " + targetDir + " for the " + kind.displayName() + " download (" + e
                    + "); make it writable or " + kind.whereToPutFiles(targetDir), e);
        }
        DatasetFolder folder = new DatasetFolder(targetDir, kind);
        for (String name : folder.missing()) {
            String md5 = kind.officialMd5(name).orElseThrow(
                    () -> new IllegalStateException(kind + " has no official MD5 for " + name + " and cannot be downloaded"));
            fetch(kind, name, md5, targetDir);
        }
        return folder;
    }

    private void fetch(DatasetKind kind, String name, String md5, Path targetDir) {
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            try {
                fetchFrom(mirror.resolve(name), name, md5, targetDir.resolve(name));
                return;
            } catch (IOException | RuntimeException e) {
                failures.add(mirror + " (" + describe(e) + ")");
            }
        }
        throw new DataException("could not download " + kind.displayName() + " file " + name + " from any mirror, tried "
                + String.join(", ", failures) + "; " + kind.whereToPutFiles(targetDir));
    }

    private void fetchFrom(URI uri, String name, String md5, Path target) throws IOException {
        URLConnection connection = uri.toURL().openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
        connection.setReadTimeout(READ_TIMEOUT_MS);
        if (connection instanceof HttpURLConnection http) {
            http.setRequestProperty("User-Agent", "diffusion4j");
            int status = http.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                http.disconnect();
                throw new IOException("HTTP " + status);
            }
        }
        long total = connection.getContentLengthLong();
        Path part = Files.createTempFile(target.getParent(), name + ".", ".part");
        try {
            MessageDigest digest = Md5.newDigest();
            long bytes = 0;
            progress.update(name, 0, total);
            try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    digest.update(buffer, 0, n);
                    bytes += n;
                    progress.update(name, bytes, total);
                }
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equalsIgnoreCase(md5)) {
                throw new IOException("got MD5 " + actual + " after " + bytes + " bytes, expected " + md5);
            }
            moveIntoPlace(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Same folder, so this only happens on odd file systems; a plain rename is the best left.
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    // URI.resolve drops the last path segment unless the base ends with a slash.
    private static URI asFolder(URI mirror) {
        String s = mirror.toString();
        return s.endsWith("/") ? mirror : URI.create(s + "/");
    }
}
