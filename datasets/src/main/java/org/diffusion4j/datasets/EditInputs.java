package org.diffusion4j.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.diffusion4j.core.editing.InpaintingMask;
import org.diffusion4j.core.images.ImageBatch;

/**
 * The images a user gives an edit, prepared as a folder run prepares its training images (centre square, resized with
 * an area filter, transparency composited onto the background, grey by luma): one image file, a folder of image files
 * (its own files, in name order), or an MNIST-format IDX images file. And an inpainting mask from a PNG.
 */
public final class EditInputs {

    /**
     * The images and where each came from ("file.png", or "images.idx#17"), for naming the edited ones.
     *
     * @param images pixels in [-1, 1] at the size and channels asked for
     * @param names  one name per image, without a directory
     */
    public record Loaded(ImageBatch images, List<String> names) {
    }

    private EditInputs() {
    }

    /**
     * Reads {@code path} at {@code size} x {@code size} with {@code channels} channels, compositing transparency onto
     * {@code background} (0xRRGGBB); at most {@code limit} images (0: all).
     */
    public static Loaded read(Path path, int size, int channels, int background, int limit) {
        if (Files.isRegularFile(path) && !ImageFolderListing.isImageFile(path)) {
            return readIdx(path, size, channels, limit);
        }
        List<Path> files = imageFiles(path);
        int count = limit > 0 ? Math.min(limit, files.size()) : files.size();
        int length = size * size * channels;
        float[] pixels = new float[count * length];
        List<String> names = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder();
        byte[] grey = new byte[size * size];
        for (int i = 0; i < count; i++) {
            Path file = files.get(i);
            byte[] rgb;
            try {
                rgb = ImageResampler.fit(decoder.decode(file), background, size);
            } catch (IOException | RuntimeException e) {
                throw new DataException("could not read " + file + ": " + e.getMessage() + "; give PNG, JPEG, GIF or BMP images");
            }
            byte[] source = rgb;
            if (channels == 1) {
                ImageFolderLoader.toGrey(rgb, grey, 0);
                source = grey;
            }
            for (int p = 0; p < length; p++) {
                pixels[i * length + p] = UnitPixels.toUnit(source[p]);
            }
            names.add(file.getFileName().toString());
        }
        return new Loaded(new ImageBatch(pixels, count, size, size, channels), names);
    }

    /** A PNG mask resized to {@code size}: pixels brighter than mid-grey repaint, the rest keep the image's own. */
    public static InpaintingMask readMask(Path png, int size) {
        Loaded mask = read(png, size, 1, ImageFolderSettings.BLACK, 1);
        float[] repaint = new float[size * size];
        for (int p = 0; p < repaint.length; p++) {
            repaint[p] = mask.images().pixels()[p] > 0 ? 1 : 0;
        }
        return new InpaintingMask(size, size, repaint);
    }

    private static List<Path> imageFiles(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new DataException("no images at " + path + "; give an image file, a folder of them or an MNIST-format IDX file");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(path)) {
            files = listing.filter(ImageFolderListing::isImageFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + path + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new DataException(path + " holds no " + ImageFolderListing.extensionList() + " files; give images to edit");
        }
        return files;
    }

    private static Loaded readIdx(Path file, int size, int channels, int limit) {
        ImageBatch all = ImageFiles.read(file);
        if (all.height() != size || all.width() != size || channels != 1) {
            throw new DataException(file + " holds " + all.width() + "x" + all.height() + " grey images but the model draws " + size + "x"
                    + size + "x" + channels + "; give images of the model's kind");
        }
        int count = limit > 0 ? Math.min(limit, all.count()) : all.count();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(file.getFileName() + "#" + i);
        }
        return new Loaded(all.slice(0, count), names);
    }
}
