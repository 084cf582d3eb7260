package org.diffusion4j.models.graph;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file of named float32 arrays plus string metadata: checkpoints and exported weights. Writes go to a
 * temporary file that is flushed to disk and then renamed over the target, so a crash at any moment
 * leaves either the previous file or the new one, never half of one.
 */
public final class ParameterFile {

    private static final int MAGIC = 0x44344A57; // "D4JW"
    private static final int VERSION = 1;

    /** What a file holds. */
    public record Contents(Map<String, String> metadata, Map<String, ParameterValue> values) {
    }

    private ParameterFile() {
    }

    public static void write(Path file, Map<String, String> metadata, Map<String, ParameterValue> values) {
        write(file, metadata, values, () -> { });
    }

    /**
     * {@link #write}, running {@code beforeReplace} once the temporary file is whole and on disk, just before it is renamed
     * over {@code file}: a test's hook to stop the process between the two.
     */
    public static void write(Path file, Map<String, String> metadata, Map<String, ParameterValue> values, Runnable beforeReplace) {
        Path parent = file.toAbsolutePath().getParent();
        Path temporary = parent.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(parent);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(metadata.size());
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
                out.writeInt(values.size());
                for (Map.Entry<String, ParameterValue> e : values.entrySet()) {
                    out.writeUTF(e.getKey());
                    long[] shape = e.getValue().shape();
                    out.writeInt(shape.length);
                    for (long d : shape) {
                        out.writeLong(d);
                    }
                    float[] data = e.getValue().values();
                    ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(data);
                    out.writeInt(data.length);
                    out.write(bytes.array());
                }
                out.flush();
                channel.force(true);
            }
            beforeReplace.run();
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    public static Contents read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException(file + " is not a diffusion4j weights file (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(file + " has format version " + version + "; this build reads version " + VERSION);
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            int metadataCount = in.readInt();
            for (int i = 0; i < metadataCount; i++) {
                metadata.put(in.readUTF(), in.readUTF());
            }
            Map<String, ParameterValue> values = new LinkedHashMap<>();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] shape = new long[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                int length = in.readInt();
                byte[] bytes = new byte[length * 4];
                in.readFully(bytes);
                float[] data = new float[length];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
                values.put(name, new ParameterValue(shape, data));
            }
            return new Contents(metadata, values);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no weights file at " + file, e);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is truncated; use an earlier checkpoint or retrain", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }
}
