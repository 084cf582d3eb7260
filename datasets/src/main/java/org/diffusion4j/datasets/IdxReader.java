package org.diffusion4j.datasets;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes (the MNIST format), gzip-compressed or raw. Compression is detected from the
 * gzip magic bytes, not the file name, because users rename and unpack these files freely.
 *
 * <p>The header is validated (magic, type, rank, dimensions) and the payload must be exactly as long as the
 * header says: a short or padded file is almost always a broken download, and reading it anyway would shift
 * every image after the damage.
 */
public final class IdxReader {

    private static final int UBYTE = 0x08;
    // MNIST-format files have rank 1 (labels) or 3 (images); anything above 4 is a garbage header.
    private static final int MAX_RANK = 4;
    private static final int GZIP_BUFFER = 1 << 16;

    private IdxReader() {
    }

    public static IdxFile read(Path file) {
        byte[] bytes = readAll(file);
        try (InputStream in = isGzip(bytes)
                ? new GZIPInputStream(new ByteArrayInputStream(bytes), GZIP_BUFFER)
                : new ByteArrayInputStream(bytes)) {
            return parse(file, in);
        } catch (EOFException e) {
            throw new DataException("file " + file + " is truncated: its gzip stream ends early; delete it and download again", e);
        } catch (ZipException e) {
            throw new DataException("file " + file + " is corrupt (gzip: " + e.getMessage() + "); delete it and download again", e);
        } catch (IOException e) {
            throw new DataException("cannot read file " + file + " (" + e + "); check that it is a readable MNIST-format file", e);
        }
    }

    /** Whether the file starts with the gzip magic 0x1f 0x8b. */
    public static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return isGzip(in.readNBytes(2));
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    static boolean isGzip(byte[] start) {
        return start.length >= 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b;
    }

    private static IdxFile parse(Path file, InputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataException("file " + file + " is too short to be an IDX file (" + magic.length
                    + " bytes); delete it and download again");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataException(String.format("file %s is not an IDX file (it starts with 0x%02x 0x%02x, not 0x00 0x00);"
                    + " point --data at the MNIST-format idx files (.gz or unpacked)", file, magic[0] & 0xff, magic[1] & 0xff));
        }
        if ((magic[2] & 0xff) != UBYTE) {
            throw new DataException(String.format("file %s holds IDX type 0x%02x but only unsigned bytes (0x08) are supported;"
                    + " use the original MNIST-format files", file, magic[2] & 0xff));
        }
        int rank = magic[3] & 0xff;
        if (rank < 1 || rank > MAX_RANK) {
            throw new DataException("file " + file + " declares " + rank + " dimensions, expected 1 to " + MAX_RANK
                    + "; the header is damaged: delete it and download again");
        }
        byte[] header = in.readNBytes(4 * rank);
        if (header.length < 4 * rank) {
            throw new DataException("file " + file + " is truncated inside its header; delete it and download again");
        }
        ByteBuffer big = ByteBuffer.wrap(header); // ByteBuffer is big-endian, as IDX is
        int[] dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = big.getInt();
            size *= Math.max(dims[i], 0);
            if (dims[i] <= 0 || size > Integer.MAX_VALUE - 16) {
                throw new DataException("file " + file + " declares dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " which no MNIST-format file has; the header is damaged: delete it and download again");
            }
        }
        byte[] data = in.readNBytes((int) size);
        String what = rank == 1 ? "labels" : "pixels";
        if (data.length < size) {
            throw new DataException("file " + file + " is truncated: expected " + size + " bytes of " + what + ", found "
                    + data.length + "; delete it and download again");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new DataException("file " + file + " has " + extra + " extra bytes after the " + size + " bytes of " + what
                    + " its header announces; delete it and download again");
        }
        return new IdxFile(dims, data);
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static DataException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException("file " + file + " does not exist; check the path or let diffusion4j find the data set", e);
        }
        if (e instanceof AccessDeniedException) {
            return new DataException("file " + file + " is not readable (permission denied); fix its permissions", e);
        }
        return new DataException("cannot read file " + file + " (" + e + "); check that it is a readable file", e);
    }
}
