package org.diffusion4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.diffusion4j.core.images.ImageBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of PNGs to score: grey samples come back as written, not brightened by Java's linear grey colour space. */
class ImageFilesTest {

    @Test
    void greyPngsAreReadFromTheirSamples(@TempDir Path dir) throws IOException {
        BufferedImage grey = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = {0, 64, 128, 255};
        for (int x = 0; x < values.length; x++) {
            grey.getRaster().setSample(x, 0, 0, values[x]);
        }
        ImageIO.write(grey, "png", dir.resolve("a.png").toFile());
        BufferedImage colour = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(0, 0, 0x306090);
        ImageIO.write(colour, "png", dir.resolve("b.png").toFile());

        ImageBatch batch = ImageFiles.read(dir);
        assertEquals(2, batch.count());
        for (int x = 0; x < values.length; x++) {
            // getRGB would return 128 as 188 (and 64 as 137): the bug this guards against.
            assertEquals(values[x] / 127.5 - 1, batch.pixels()[x], 1e-6, "grey " + values[x]);
        }
        assertEquals((0x30 + 0x60 + 0x90) / 3.0 / 127.5 - 1, batch.pixels()[4], 1e-6, "colour is averaged to grey");
    }
}
