package org.diffusion4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MD5 digests of downloaded files, to catch corrupt or substituted copies before they are parsed. */
public final class Md5 {

    private Md5() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide MD5", e);
        }
    }

    /** Lower-case hex MD5 of a file's bytes. */
    public static String of(Path file) {
        MessageDigest md5 = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new DataException("cannot read file " + file + " to check its MD5 (" + e + "); check that it exists and is readable", e);
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** Throws a {@link DataException} naming the file, both digests and the fix when the file's MD5 differs. */
    public static void verify(Path file, String expected) {
        String actual = of(file);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new DataException("file " + file + " has MD5 " + actual + " but the official file has MD5 " + expected
                    + "; it is corrupt or a different file: delete it and download again (if you recompressed it yourself,"
                    + " gunzip it instead: unpacked files are checked by structure only)");
        }
    }
}
