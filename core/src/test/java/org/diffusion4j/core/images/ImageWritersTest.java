package org.diffusion4j.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageWritersTest {

    @TempDir
    Path folder;

    @Test
    void pixelsMapFromMinusOneToOneOntoBytes() {
        assertEquals(0, ImageBatches.toByte(-1f));
        assertEquals(255, ImageBatches.toByte(1f));
        assertEquals(128, ImageBatches.toByte(0f));
        assertEquals(191, ImageBatches.toByte(0.5f));
        assertEquals(255, ImageBatches.toByte(3.7f));
        assertEquals(0, ImageBatches.toByte(-2f));
        assertEquals(0, ImageBatches.toByte(Float.NaN));
        byte[] bytes = ImageBatches.toBytes(new ImageBatch(new float[] {-1f, 1f}, 1, 1, 2, 1));
        assertEquals(0, bytes[0] & 0xFF);
        assertEquals(255, bytes[1] & 0xFF);
    }

    @Test
    void greyscaleGridHasTheRightSizeAndPixels() throws IOException {
        // 5 images of 3x4 in 2 columns, enlarged 3 times: 3 rows of 9 px and 2 columns of 12 px.
        ImageBatch images = ImageBatch.zeros(5, 3, 4, 1);
        java.util.Arrays.fill(images.pixels(), -1f);
        int imageIndex = 3; // row 1, column 1
        images.pixels()[imageIndex * images.imageSize() + 1 * 4 + 2] = 0.5f; // y = 1, x = 2
        Path file = folder.resolve("nested/folders/grid.png");
        PngGrid.write(images, 2, file, 3);

        BufferedImage read = ImageIO.read(file.toFile());
        assertNotNull(read);
        assertEquals(2 * 12 + 2, read.getWidth());
        assertEquals(3 * 9 + 2 * 2, read.getHeight());
        int left = 12 + 2 + 2 * 3;
        int top = 9 + 2 + 1 * 3;
        for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
                assertEquals(191, read.getRaster().getSample(left + dx, top + dy, 0));
            }
        }
        assertEquals(0, read.getRaster().getSample(left + 3, top, 0));
        assertEquals(0, read.getRaster().getSample(0, 0, 0));
        assertEquals(ImageGrid.SEPARATOR_VALUE, read.getRaster().getSample(12, 0, 0));
        assertEquals(ImageGrid.SEPARATOR_VALUE, read.getRaster().getSample(13, 5, 0));
        // The sixth cell is empty.
        assertEquals(ImageGrid.SEPARATOR_VALUE, read.getRaster().getSample(20, 25, 0));
    }

    @Test
    void colourGridKeepsChannels() throws IOException {
        ImageBatch images = ImageBatch.zeros(2, 2, 2, 3);
        float[] pixels = images.pixels();
        int second = images.imageSize();
        pixels[second + 3] = 1f;   // image 1, y = 0, x = 1: red
        pixels[second + 4] = -1f;  // green
        pixels[second + 5] = 0.5f; // blue
        Path file = folder.resolve("rgb.png");
        PngGrid.write(images, 4, file, 1);

        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(2 + 2 + 2, read.getWidth());
        assertEquals(2, read.getHeight());
        int rgb = read.getRGB(2 + 2 + 1, 0);
        assertEquals(255, (rgb >> 16) & 0xFF);
        assertEquals(0, (rgb >> 8) & 0xFF);
        assertEquals(191, rgb & 0xFF);
        assertEquals(128, read.getRGB(0, 0) & 0xFF);
    }

    @Test
    void onlyGreyOrColourImagesCanBeDrawn() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PngGrid.write(ImageBatch.zeros(1, 2, 2, 2), 1, folder.resolve("x.png"), 1));
        assertTrue(error.getMessage().contains("2 channels"), error.getMessage());
    }

    @Test
    void gifHasOneFramePerBatchWithDelayAndLooping() throws IOException {
        List<ImageBatch> frames = List.of(filled(-1f), filled(0f), filled(1f));
        Path file = folder.resolve("anim/run.gif");
        GifAnimation.write(frames, 2, file, 120, 2, true);

        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(input).next();
            reader.setInput(input);
            assertEquals(3, reader.getNumImages(true));
            for (int i = 0; i < 3; i++) {
                BufferedImage frame = reader.read(i);
                assertEquals(2 * 6 + 2, frame.getWidth());
                assertEquals(2 * 6 + 2, frame.getHeight());
                int expected = new int[] {0, 128, 255}[i];
                assertEquals(expected, frame.getRGB(1, 1) & 0xFF, "frame " + i);
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i)
                        .getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
                assertEquals("12", control.getAttribute("delayTime"));
            }
            IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode application = (IIOMetadataNode) first.getElementsByTagName("ApplicationExtension").item(0);
            assertNotNull(application, "looping needs the NETSCAPE2.0 extension");
            assertEquals("NETSCAPE", application.getAttribute("applicationID"));
            assertEquals("2.0", application.getAttribute("authenticationCode"));
            reader.dispose();
        }
    }

    @Test
    void sideBySideFramesPutTwoGridsNextToEachOther() throws IOException {
        List<ImageBatch> noisy = List.of(filled(0.2f), filled(-0.2f));
        List<ImageBatch> estimates = List.of(filled(1f), filled(1f));
        Path file = folder.resolve("beside.gif");
        GifAnimation.writeSideBySide(noisy, estimates, 2, file, 50, 1, false);

        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(input).next();
            reader.setInput(input);
            assertEquals(2, reader.getNumImages(true));
            BufferedImage frame = reader.read(0);
            int gridWidth = 2 * 3 + 2;
            assertEquals(2 * gridWidth + 4, frame.getWidth());
            assertEquals(ImageBatches.toByte(0.2f), frame.getRGB(0, 0) & 0xFF);
            assertEquals(255, frame.getRGB(gridWidth + 4, 0) & 0xFF);
            reader.dispose();
        }
        assertThrows(IllegalArgumentException.class,
                () -> GifAnimation.writeSideBySide(noisy, List.of(filled(1f)), 2, file, 50, 1, false));
    }

    @Test
    void colourGifsAreWritten() throws IOException {
        ImageBatch rgb = ImageBatch.zeros(3, 4, 4, 3);
        for (int i = 0; i < rgb.pixels().length; i++) {
            rgb.pixels()[i] = (float) Math.sin(i);
        }
        Path file = folder.resolve("rgb.gif");
        GifAnimation.write(List.of(rgb, rgb), 3, file, 100, 2, false);
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(input).next();
            reader.setInput(input);
            assertEquals(2, reader.getNumImages(true));
            assertEquals(3 * 8 + 2 * 2, reader.read(1).getWidth());
            reader.dispose();
        }
    }

    @Test
    void framesMustShareAShape() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> GifAnimation.write(List.of(filled(0f), ImageBatch.zeros(3, 3, 3, 1)), 2,
                        folder.resolve("bad.gif"), 100, 1, true));
        assertTrue(error.getMessage().contains("same shape"), error.getMessage());
    }

    /** Red, green, blue and yellow 2x2 images, in pixel order RGB. */
    private static final int[][] COLOURS = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}};

    private static ImageBatch primaries() {
        ImageBatch batch = ImageBatch.zeros(COLOURS.length, 2, 2, 3);
        float[] pixels = batch.pixels();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = COLOURS[i / 12][i % 3] == 255 ? 1f : -1f;
        }
        return batch;
    }

    @Test
    void colourGridIsAnRgbPngWithEachImagesColourInItsCell() throws IOException {
        Path file = folder.resolve("primaries.png");
        PngGrid.write(primaries(), 2, file, 3);
        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(3, read.getColorModel().getNumColorComponents(), "an RGB picture, not a grey one");
        int cell = 2 * 3 + ImageGrid.SEPARATOR;
        assertEquals(2 * cell - ImageGrid.SEPARATOR, read.getWidth());
        assertEquals(2 * cell - ImageGrid.SEPARATOR, read.getHeight());
        for (int n = 0; n < COLOURS.length; n++) {
            for (int[] at : new int[][] {{0, 0}, {5, 5}, {2, 4}}) {
                int rgb = read.getRGB((n % 2) * cell + at[0], (n / 2) * cell + at[1]);
                assertEquals(COLOURS[n][0], (rgb >> 16) & 0xFF, "red of image " + n);
                assertEquals(COLOURS[n][1], (rgb >> 8) & 0xFF, "green of image " + n);
                assertEquals(COLOURS[n][2], rgb & 0xFF, "blue of image " + n);
            }
        }
        int separator = read.getRGB(6, 0);
        assertEquals(ImageGrid.SEPARATOR_VALUE * 0x010101, separator & 0xFFFFFF, "the separator is grey in colour grids too");
    }

    @Test
    void colourGifFramesKeepTheirColours() throws IOException {
        Path file = folder.resolve("primaries.gif");
        int scale = 4;
        GifAnimation.writeSideBySide(List.of(primaries()), List.of(primaries()), 4, file, 100, scale, true);
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(input).next();
            reader.setInput(input);
            BufferedImage frame = reader.read(0);
            int cell = 2 * scale;
            int gridWidth = 4 * cell + 3 * ImageGrid.SEPARATOR;
            for (int side = 0; side < 2; side++) {
                for (int n = 0; n < COLOURS.length; n++) {
                    int left = side * (gridWidth + 2 * ImageGrid.SEPARATOR) + n * (cell + ImageGrid.SEPARATOR);
                    for (int y = 0; y < cell; y++) {
                        for (int x = left; x < left + cell; x++) {
                            assertEquals(COLOURS[n][0] << 16 | COLOURS[n][1] << 8 | COLOURS[n][2], frame.getRGB(x, y) & 0xFFFFFF,
                                    "image " + n + " at " + x + "," + y);
                        }
                    }
                }
            }
            reader.dispose();
        }
    }

    /** Four 3x3 greyscale images of one value. */
    private static ImageBatch filled(float value) {
        ImageBatch batch = ImageBatch.zeros(4, 3, 3, 1);
        java.util.Arrays.fill(batch.pixels(), value);
        return batch;
    }
}
