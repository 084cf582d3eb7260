package org.diffusion4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.diffusion4j.datasets.TestImages.write;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLoaderTest {

    @TempDir
    Path tmp;

    private final List<String> messages = new ArrayList<>();

    private ImageFolderLoader loader() {
        return new ImageFolderLoader(tmp.resolve("cache"), messages::add);
    }

    private static ImageFolderSettings size(int side) {
        return ImageFolderSettings.builder().imageSize(side).build();
    }

    @Test
    void everyFormatLoadsAndColourMakesThreeChannels() {
        Path root = tmp.resolve("all");
        write(TestImages.filled(20, 20, 0xFF0000), "png", root.resolve("a-colour.PNG"));
        write(TestImages.grey(20, 20, 128), "png", root.resolve("b-grey.png"));
        write(TestImages.filled(20, 20, 0x00FF00), "jpg", root.resolve("c.JPG"));
        write(TestImages.filled(20, 20, 0x0000FF), "jpeg", root.resolve("d.jpeg"));
        write(TestImages.filled(20, 20, 0xFFFF00), "gif", root.resolve("e.gif"));
        write(TestImages.filled(20, 20, 0x00FFFF), "bmp", root.resolve("f.Bmp"));
        write(TestImages.palette(20, 20, 0xFF00FF), "png", root.resolve("g-palette.png"));
        write(TestImages.grey16(20, 20, 0xFFFF, null), "png", root.resolve("h-grey16.png"));
        write(TestImages.rgb16(20, 20, 0xFFFF, 0, 0x8080), "png", root.resolve("i-rgb16.png"));
        write(TestImages.grey16(20, 20, 0, 0xFFFF), "png", root.resolve("j-grey-alpha.png"));
        write(TestImages.filled(1, 1, 0x102030), "png", root.resolve("k-tiny.png"));
        write(TestImages.filled(2400, 1600, 0x405060), "png", root.resolve("l-huge.png"));

        ImageFolderDataset data = loader().load(root, size(8));

        assertEquals(12, data.size(), messages.toString());
        assertEquals(3, data.channels());
        assertEquals(List.of("all"), data.classNames(), "a folder without sub-folders is one class");
        int[][] expected = {{255, 0, 0}, {128, 128, 128}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {0, 255, 255}, {255, 0, 255},
            {255, 255, 255}, {255, 0, 128}, {0, 0, 0}, {0x10, 0x20, 0x30}, {0x40, 0x50, 0x60}};
        int jpegTolerance = 8;
        for (int i = 0; i < expected.length; i++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[i][c], data.byteAt(i, 4, 4, c), jpegTolerance, "image " + i + " channel " + c);
            }
        }
        assertTrue(messages.get(messages.size() - 1).contains("skipped 0 of 12 files"), messages.toString());
    }

    @Test
    void greyImagesMakeOneChannelAndKeepTheirValues() {
        Path root = tmp.resolve("grey");
        write(TestImages.grey(10, 10, 128), "png", root.resolve("a.png"));
        write(TestImages.grey16(10, 10, 0x4040, null), "png", root.resolve("b.png"));
        write(TestImages.filled(10, 10, 0x646464), "png", root.resolve("c.png"));

        ImageFolderDataset data = loader().load(root, size(4));

        assertEquals(1, data.channels());
        assertEquals(128, data.byteAt(0, 1, 1, 0), "grey samples are read as stored, not through a gamma conversion");
        assertEquals(64, data.byteAt(1, 1, 1, 0));
        assertEquals(100, data.byteAt(2, 1, 1, 0));
    }

    @Test
    void forcedChannelsConvertColourToLumaAndGreyToRgb() {
        Path root = tmp.resolve("mixed");
        write(TestImages.filled(6, 6, 0xFF0000), "png", root.resolve("red.png"));
        write(TestImages.grey(6, 6, 77), "png", root.resolve("grey.png"));

        ImageFolderDataset grey = loader().load(root, ImageFolderSettings.builder().imageSize(4).channels(1).build());
        assertEquals(1, grey.channels());
        assertEquals(77, grey.byteAt(0, 0, 0, 0));
        assertEquals(76, grey.byteAt(1, 0, 0, 0), "Rec. 601: 0.299 * 255");

        ImageFolderDataset rgb = loader().load(root, ImageFolderSettings.builder().imageSize(4).channels(3).build());
        assertEquals(3, rgb.channels());
        assertEquals(77, rgb.byteAt(0, 0, 0, 2));
    }

    @Test
    void transparencyIsCompositedOntoTheBackground() {
        Path root = tmp.resolve("alpha");
        write(TestImages.argb(6, 6, 0x00FF0000), "png", root.resolve("clear.png"));
        write(TestImages.argb(6, 6, 0x80FF0000), "png", root.resolve("half-red.png"));

        ImageFolderDataset white = loader().load(root, size(4));
        assertArrayEquals(new int[] {255, 255, 255}, rgbAt(white, 0), "fully transparent on white is white, not the hidden red");
        assertArrayEquals(new int[] {255, 127, 127}, rgbAt(white, 1));

        ImageFolderDataset black = loader().load(root, size(4).toBuilder().background(ImageFolderSettings.BLACK).build());
        assertArrayEquals(new int[] {0, 0, 0}, rgbAt(black, 0));
        assertArrayEquals(new int[] {128, 0, 0}, rgbAt(black, 1));

        ImageFolderDataset grey = loader().load(root, size(4).toBuilder().background(ImageFolderSettings.parseBackground("#204060")).build());
        assertArrayEquals(new int[] {0x20, 0x40, 0x60}, rgbAt(grey, 0));
    }

    @Test
    void undecodableFilesAreNamedSkippedAndCounted() throws IOException {
        Path root = tmp.resolve("bad");
        Path good = write(TestImages.filled(30, 30, 0x336699), "png", root.resolve("good.png"));
        write(TestImages.filled(30, 30, 0x336699), "jpg", tmp.resolve("whole.jpg"));
        TestImages.truncated(good, root.resolve("cut.png"));
        TestImages.truncated(tmp.resolve("whole.jpg"), root.resolve("cut.jpg"));
        Files.writeString(root.resolve("notes.gif"), "not an image at all");
        Files.writeString(root.resolve("readme.txt"), "not looked at: no image extension");

        ImageFolderDataset data = loader().load(root, size(8));

        assertEquals(1, data.size());
        List<String> skipped = messages.stream().filter(m -> m.startsWith("skipped ")).toList();
        assertEquals(3, skipped.size(), messages.toString());
        assertTrue(skipped.stream().anyMatch(m -> m.contains("cut.png: ") && m.contains("PNG")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(m -> m.contains("cut.jpg: ") && m.contains("JPEG")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(m -> m.contains("notes.gif: not a PNG, JPEG, GIF or BMP image")), skipped.toString());
        skipped.forEach(line -> assertEquals(1, line.lines().count(), line));
        assertTrue(messages.get(messages.size() - 1).endsWith("skipped 3 of 4 files"), messages.toString());
    }

    @Test
    void aFolderWhereNothingDecodesIsAnError() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("junk"));
        Files.writeString(root.resolve("a.png"), "text");
        DataException e = assertThrows(DataException.class, () -> loader().load(root, size(8)));
        assertTrue(e.getMessage().contains("none of the 1 image files in " + root), e.getMessage());
    }

    @Test
    void emptyAndMissingFoldersAndBadSizesAreRefusedWithTheFix() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no images here");
        DataException none = assertThrows(DataException.class, () -> loader().load(empty, size(8)));
        assertTrue(none.getMessage().contains(empty.toString()) && none.getMessage().contains(".png, .jpg, .jpeg, .gif or .bmp"),
                none.getMessage());

        Path missing = tmp.resolve("nowhere");
        DataException gone = assertThrows(DataException.class, () -> loader().load(missing, size(8)));
        assertTrue(gone.getMessage().contains(missing + " does not exist"), gone.getMessage());

        for (int bad : new int[] {0, -3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> size(bad));
            assertTrue(e.getMessage().contains("got " + bad) && e.getMessage().contains("such as 32"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ImageFolderSettings.builder().channels(2).build());
        IllegalArgumentException colour = assertThrows(IllegalArgumentException.class, () -> ImageFolderSettings.parseBackground("pink"));
        assertTrue(colour.getMessage().contains("white, black or #rrggbb"), colour.getMessage());

        Path classless = tmp.resolve("classes");
        write(TestImages.filled(4, 4, 0), "png", classless.resolve("cat/a.png"));
        Files.createDirectories(classless.resolve("dog"));
        DataException emptyClass = assertThrows(DataException.class, () -> loader().load(classless, size(4)));
        assertTrue(emptyClass.getMessage().contains("class folder " + classless.resolve("dog")), emptyClass.getMessage());
    }

    @Test
    void imagesBesideClassFoldersAreRefused() {
        Path root = tmp.resolve("loose");
        write(TestImages.filled(4, 4, 0), "png", root.resolve("cat/a.png"));
        write(TestImages.filled(4, 4, 0), "png", root.resolve("stray.png"));
        DataException e = assertThrows(DataException.class, () -> loader().load(root, size(4)));
        assertTrue(e.getMessage().contains("stray.png") && e.getMessage().contains("move them into a sub-folder"), e.getMessage());
    }

    @Test
    void subFoldersAreClassesSortedByNameWithNestedImages() {
        Path root = tmp.resolve("pets");
        write(TestImages.filled(4, 4, 0xFF0000), "png", root.resolve("zebra/1.png"));
        write(TestImages.filled(4, 4, 0x00FF00), "png", root.resolve("cat/1.png"));
        write(TestImages.filled(4, 4, 0x00FF00), "jpg", root.resolve("cat/deeper/2.jpg"));
        write(TestImages.filled(4, 4, 0x0000FF), "bmp", root.resolve("dog/1.bmp"));
        write(TestImages.filled(4, 4, 0x0000FF), "png", root.resolve(".hidden/1.png"));

        ImageFolderDataset data = loader().load(root, size(4));

        assertEquals(List.of("cat", "dog", "zebra"), data.classNames());
        assertArrayEquals(new int[] {0, 0, 1, 2}, data.labels());
        assertEquals(255, data.byteAt(3, 0, 0, 0), "zebra's red image has zebra's label");
    }

    @Test
    void shrinkingAveragesAwayAOnePixelCheckerboard() {
        Path root = tmp.resolve("checker");
        write(TestImages.checkerboard(64), "png", root.resolve("even.png"));
        write(TestImages.checkerboard(60), "png", root.resolve("fractional.png"));

        ImageFolderDataset data = loader().load(root, size(16));

        // 64 -> 16 averages whole 4x4 blocks: 127.5, stored as 127 or 128. 60 -> 16 (3.75 pixels per output pixel)
        // averages partial blocks, whose 2-D checkerboard error stays below one level. Nearest neighbour gives 0 or 255.
        int tolerance = 2;
        for (int i = 0; i < 2; i++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    assertEquals(127.5, data.byteAt(i, y, x, 0), 0.5 + (i == 0 ? 0 : tolerance), "image " + i + " at " + y + "," + x);
                }
            }
        }
    }

    @Test
    void nonSquareImagesKeepTheirCentre() {
        Path root = tmp.resolve("wide");
        BufferedImage wide = new BufferedImage(30, 10, BufferedImage.TYPE_INT_RGB);
        BufferedImage tall = new BufferedImage(10, 30, BufferedImage.TYPE_INT_RGB);
        for (int a = 0; a < 30; a++) {
            for (int b = 0; b < 10; b++) {
                int colour = a < 10 ? 0xFF0000 : a < 20 ? 0x00FF00 : 0x0000FF;
                wide.setRGB(a, b, colour);
                tall.setRGB(b, a, colour);
            }
        }
        write(wide, "png", root.resolve("a-wide.png"));
        write(tall, "png", root.resolve("b-tall.png"));

        ImageFolderDataset data = loader().load(root, size(5));

        for (int i = 0; i < 2; i++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 5; x++) {
                    assertArrayEquals(new int[] {0, 255, 0}, rgbAt(data, i, y, x), "the green middle third, image " + i);
                }
            }
        }
    }

    @Test
    void exifOrientationTurnsJpegsUpright() throws IOException {
        Path root = tmp.resolve("exif");
        BufferedImage sensor = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                sensor.setRGB(x, y, x < 10 ? 0xFF0000 : 0x0000FF);
            }
        }
        writeJpegWithOrientation(sensor, 6, root.resolve("portrait.jpg"));

        ImageFolderDataset data = loader().load(root, size(8));

        // Turned 90 degrees clockwise the left (red) half is on top; unturned, the centre square would be red | blue.
        assertTrue(data.byteAt(0, 1, 1, 0) > 200 && data.byteAt(0, 1, 6, 0) > 200, "top row red: " + data.byteAt(0, 1, 6, 0));
        assertTrue(data.byteAt(0, 6, 1, 2) > 200 && data.byteAt(0, 6, 6, 2) > 200, "bottom row blue");
    }

    @Test
    void exifOrientationsMapPixelsAsTheStandardSays() {
        // 2x1 source: A B. Orientation 6 (turn clockwise) stacks A over B; 8 stacks B over A; 3 gives B A.
        ArgbImage ab = new ArgbImage(2, 1, new int[] {1, 2});
        assertArrayEquals(new int[] {1, 2}, ExifOrientation.apply(ab, 6).pixels());
        assertEquals(1, ExifOrientation.apply(ab, 6).width());
        assertArrayEquals(new int[] {2, 1}, ExifOrientation.apply(ab, 8).pixels());
        assertArrayEquals(new int[] {2, 1}, ExifOrientation.apply(ab, 3).pixels());
        assertArrayEquals(new int[] {2, 1}, ExifOrientation.apply(ab, 2).pixels());
        assertEquals(6, ExifOrientation.fromExif(exif(6, false)));
        assertEquals(8, ExifOrientation.fromExif(exif(8, true)));
        assertEquals(ExifOrientation.NORMAL, ExifOrientation.fromExif(new byte[] {'E', 'x'}));
    }

    @Test
    void theCacheIsReusedAndInvalidatedByChangedAddedOrRemovedFiles() throws IOException {
        Path root = tmp.resolve("cached");
        write(TestImages.filled(12, 12, 0x112233), "png", root.resolve("a/1.png"));
        Path second = write(TestImages.filled(12, 12, 0x445566), "png", root.resolve("b/2.png"));
        ImageFolderSettings settings = size(6);

        ImageFolderLoader first = loader();
        ImageFolderDataset made = first.load(root, settings);
        assertEquals(2, first.decodes());

        ImageFolderLoader again = loader();
        ImageFolderDataset reused = again.load(root, settings);
        assertEquals(0, again.decodes(), "a second load reads the cache and decodes nothing");
        assertArrayEquals(made.uint8Pixels(), reused.uint8Pixels());
        assertArrayEquals(made.labels(), reused.labels());
        assertEquals(made.classNames(), reused.classNames());
        assertTrue(messages.get(messages.size() - 1).contains("prepared before"), messages.toString());
        try (var files = Files.list(tmp.resolve("cache").resolve(ImageFolderLoader.CACHE_FOLDER))) {
            assertEquals(1, files.count(), "one cache file, no temporary left behind");
        }

        ImageFolderLoader otherSize = loader();
        assertEquals(3, otherSize.load(root, size(3)).imageSize());
        assertEquals(2, otherSize.decodes(), "other settings are another cache entry");

        write(TestImages.filled(12, 12, 0x778899), "png", second);
        Files.setLastModifiedTime(second, FileTime.fromMillis(Files.getLastModifiedTime(second).toMillis() + 5000));
        ImageFolderLoader touched = loader();
        assertEquals(0x77, touched.load(root, settings).byteAt(1, 0, 0, 0));
        assertEquals(2, touched.decodes(), "a changed file invalidates the cache");

        write(TestImages.filled(12, 12, 0), "png", root.resolve("b/3.png"));
        ImageFolderLoader added = loader();
        assertEquals(3, added.load(root, settings).size());
        assertEquals(3, added.decodes());

        Files.delete(root.resolve("a/1.png"));
        Files.delete(root.resolve("a"));
        ImageFolderLoader removed = loader();
        ImageFolderDataset after = removed.load(root, settings);
        assertEquals(2, after.size());
        assertEquals(List.of("b"), after.classNames());
        assertEquals(2, removed.decodes());
    }

    @Test
    void skipLinesAreRepeatedWhenTheCacheIsReused() throws IOException {
        Path root = tmp.resolve("repeat");
        write(TestImages.filled(8, 8, 0x123456), "png", root.resolve("ok.png"));
        Files.writeString(root.resolve("bad.bmp"), "nope");
        loader().load(root, size(4));
        messages.clear();
        ImageFolderLoader again = loader();
        again.load(root, size(4));
        assertEquals(0, again.decodes());
        assertTrue(messages.get(0).startsWith("skipped " + root.resolve("bad.bmp")), messages.toString());
        assertTrue(messages.get(1).contains("skipped 1 of 2 files"), messages.toString());
    }

    @Test
    void pixelsComeOutInUnitRangeLikeMnistAndMirrorOnRequest() {
        Path root = tmp.resolve("range");
        BufferedImage ramp = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                ramp.setRGB(x, y, x == 0 ? 0 : x == 3 ? 0xFFFFFF : 0x808080);
            }
        }
        write(ramp, "png", root.resolve("ramp.png"));
        ImageFolderDataset data = loader().load(root, size(4));
        MnistDataset mnist = MnistDataset.ofUint8(new byte[] {0, (byte) 128, (byte) 255}, new byte[] {0, 0, 0}, 1, 1);

        float[] plain = new float[16];
        float[] mirrored = new float[16];
        data.copyImage(0, plain, 0, false);
        data.copyImage(0, mirrored, 0, true);
        assertEquals(mnist.pixel(0, 0, 0), plain[0]);
        assertEquals(-1f, plain[0]);
        assertEquals(mnist.pixel(1, 0, 0), plain[1]);
        assertEquals(mnist.pixel(2, 0, 0), plain[3]);
        assertEquals(1f, mirrored[0]);
        assertEquals(-1f, mirrored[3]);
    }

    @Test
    void theSplitIsSeededLikeMnists() {
        Path root = tmp.resolve("split");
        for (int i = 0; i < 20; i++) {
            write(TestImages.filled(2, 2, i * 10), "png", root.resolve(String.format("%02d.png", i)));
        }
        ImageFolderDataset data = loader().load(root, ImageFolderSettings.builder().imageSize(2).channels(1).build());
        byte[] firstPixels = new byte[20];
        byte[] labels = new byte[20];
        for (int i = 0; i < 20; i++) {
            firstPixels[i] = (byte) data.byteAt(i, 0, 0, 0);
        }
        MnistDataset mnist = MnistDataset.ofUint8(firstPixels, labels, 1, 1);
        ImageFolderDataset.Split split = data.split(7);
        TrainValidationSplit reference = mnist.split(7);
        assertEquals(reference.validation().size(), split.validation().size());
        for (int i = 0; i < split.validation().size(); i++) {
            assertEquals(reference.validation().pixel(i, 0, 0), split.validation().batch(new int[] {i}).pixels()[0]);
        }
        assertEquals(18, split.train().size());
    }

    private static int[] rgbAt(ImageFolderDataset data, int index) {
        return rgbAt(data, index, 1, 1);
    }

    private static int[] rgbAt(ImageFolderDataset data, int index, int y, int x) {
        return new int[] {data.byteAt(index, y, x, 0), data.byteAt(index, y, x, 1), data.byteAt(index, y, x, 2)};
    }

    /** An APP1 payload holding only the orientation tag. */
    private static byte[] exif(int orientation, boolean littleEndian) {
        byte[] big = {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation,
            0, 0, 0, 0, 0, 0};
        if (!littleEndian) {
            return big;
        }
        return new byte[] {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0,
            0, 0, 0, 0, 0, 0};
    }

    private static void writeJpegWithOrientation(BufferedImage image, int orientation, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            String format = "javax_imageio_jpeg_image_1.0";
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
            IIOMetadataNode tree = (IIOMetadataNode) metadata.getAsTree(format);
            IIOMetadataNode markers = (IIOMetadataNode) tree.getElementsByTagName("markerSequence").item(0);
            IIOMetadataNode app1 = new IIOMetadataNode("unknown");
            app1.setAttribute("MarkerTag", "225");
            app1.setUserObject(exif(orientation, false));
            markers.insertBefore(app1, markers.getFirstChild());
            metadata.setFromTree(format, tree);
            writer.setOutput(out);
            writer.write(new IIOImage(image, null, metadata));
        } finally {
            writer.dispose();
        }
    }
}
