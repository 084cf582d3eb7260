package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

class TensorBoardLogTest {

    @Test
    void writesWhatTensorBoardReads(@TempDir Path dir) throws IOException {
        byte[] pixels = {0, 10, 20, (byte) 200, (byte) 250, (byte) 255};
        try (TensorBoardLog log = new TensorBoardLog(dir.resolve("tb"))) {
            log.sessionStart(7);
            log.scalar("train/loss", 50, 0.25);
            log.image("grid", 100, pixels, 2, 3, 1);
        }
        List<Path> files = EventFiles.in(dir.resolve("tb"));
        assertEquals(1, files.size());
        List<Event> events = EventFiles.read(files.get(0));
        assertEquals(4, events.size(), events.toString());
        assertEquals("brain.Event:2", events.get(0).getFileVersion());
        assertEquals(SessionLog.SessionStatus.START, events.get(1).getSessionLog().getStatus());
        assertEquals(7, events.get(1).getStep());

        Event scalar = events.get(2);
        assertEquals(50, scalar.getStep());
        Summary.Value loss = scalar.getSummary().getValue(0);
        assertEquals("train/loss", loss.getTag());
        assertEquals(0.25f, loss.getSimpleValue());

        Event image = events.get(3);
        assertEquals(100, image.getStep());
        Summary.Value grid = image.getSummary().getValue(0);
        assertEquals("grid/image", grid.getTag());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(grid.getImage().getEncodedImageString().toByteArray()));
        assertEquals(3, png.getWidth());
        assertEquals(2, png.getHeight());
        int[] decoded = png.getRaster().getPixels(0, 0, 3, 2, (int[]) null);
        assertArrayEquals(new int[] {0, 10, 20, 200, 250, 255}, decoded);
    }

    @Test
    void twoLogsInOneFolderKeepTwoFiles(@TempDir Path dir) throws IOException {
        // A resumed run opens a second writer, usually within the same second as a short first session.
        try (TensorBoardLog first = new TensorBoardLog(dir); TensorBoardLog second = new TensorBoardLog(dir)) {
            first.scalar("a", 1, 1);
            second.scalar("a", 2, 2);
        }
        assertEquals(2, EventFiles.in(dir).size());
        assertEquals(4, EventFiles.readAll(dir).size());
    }

    @Test
    void aDamagedFileFailsTheCrcCheck(@TempDir Path dir) throws IOException {
        try (TensorBoardLog log = new TensorBoardLog(dir)) {
            log.scalar("a", 1, 1);
        }
        Path file = EventFiles.in(dir).get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 1;
        Files.write(file, bytes);
        IOException error = assertThrows(IOException.class, () -> EventFiles.read(file));
        assertTrue(error.getMessage().contains("CRC"), error.getMessage());
    }

    @Test
    void closeTwiceIsHarmless(@TempDir Path dir) {
        TensorBoardLog log = new TensorBoardLog(dir);
        log.close();
        log.close();
    }
}
