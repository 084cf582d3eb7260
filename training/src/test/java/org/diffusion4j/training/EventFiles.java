package org.diffusion4j.training;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Event;

/**
 * Reads TensorBoard event files back independently of the writer: TFRecord framing (little-endian
 * uint64 length, masked CRC-32C of the length, the data, masked CRC-32C of the data), each record an
 * {@link Event}. Every CRC is checked, so a torn or misframed file fails loudly.
 */
final class EventFiles {

    private static final int MASK_DELTA = 0xa282ead8;

    private EventFiles() {
    }

    /** The event files in a folder, oldest name first (names start with the creation time). */
    static List<Path> in(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().contains("tfevents")).sorted().toList();
        }
    }

    /** All events of every event file in a folder, file by file in name order. */
    static List<Event> readAll(Path directory) throws IOException {
        List<Event> events = new ArrayList<>();
        for (Path file : in(directory)) {
            events.addAll(read(file));
        }
        return events;
    }

    static List<Event> read(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (buffer.hasRemaining()) {
            if (buffer.remaining() < 12) {
                throw new IOException(file + ": truncated record header at byte " + buffer.position());
            }
            byte[] header = new byte[8];
            buffer.get(header);
            check(file, "length", header, buffer.getInt());
            long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (length < 0 || length > buffer.remaining() - 4) {
                throw new IOException(file + ": record length " + length + " runs past the end of the file");
            }
            byte[] data = new byte[(int) length];
            buffer.get(data);
            check(file, "data", data, buffer.getInt());
            try {
                events.add(Event.parseFrom(data));
            } catch (InvalidProtocolBufferException e) {
                throw new IOException(file + ": record " + events.size() + " is not an Event: " + e.getMessage(), e);
            }
        }
        return events;
    }

    private static void check(Path file, String what, byte[] bytes, int storedMaskedCrc) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int value = (int) crc.getValue();
        int masked = ((value >>> 15) | (value << 17)) + MASK_DELTA;
        if (masked != storedMaskedCrc) {
            throw new IOException(file + ": CRC of the " + what + " does not match");
        }
    }
}
