package org.diffusion4j.datasets;

import org.diffusion4j.core.images.ImageBatch;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads images to evaluate that did not come from a run: an IDX file of unsigned bytes [count, h, w]
 * (gzip or raw, as MNIST ships), or a folder of single-image PNGs (read in name order, converted to grey).
 * Pixels come out in [-1, 1].
 */
public final class ImageFiles {

    private ImageFiles() {
    }

    public static ImageBatch read(Path fileOrFolder) {
        if (Files.isDirectory(fileOrFolder)) {
            return readPngFolder(fileOrFolder);
        }
        if (!Files.isRegularFile(fileOrFolder)) {
            throw new IllegalArgumentException("no images at " + fileOrFolder + "; give an IDX file or a folder of PNGs");
        }
        IdxFile idx = IdxReader.read(fileOrFolder);
        int[] dims = idx.dims();
        if (dims.length != 3) {
            throw new IllegalArgumentException(fileOrFolder + " has shape " + idx.shape() + "; an images file is [count, height, width]");
        }
        byte[] data = idx.data();
        float[] pixels = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            pixels[i] = (data[i] & 0xff) / 127.5f - 1f;
        }
        return new ImageBatch(pixels, dims[0], dims[1], dims[2], 1);
    }

    private static ImageBatch readPngFolder(Path folder) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + folder + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .png files in " + folder + "; give a folder of single-digit PNGs or an IDX file");
        }
        int height = -1;
        int width = -1;
        float[] pixels = null;
        for (int i = 0; i < files.size(); i++) {
            BufferedImage image = readPng(files.get(i));
            if (i == 0) {
                height = image.getHeight();
                width = image.getWidth();
                pixels = new float[files.size() * height * width];
            } else if (image.getHeight() != height || image.getWidth() != width) {
                throw new IllegalArgumentException(files.get(i) + " is " + image.getWidth() + "x" + image.getHeight() + " but "
                        + files.get(0).getFileName() + " is " + width + "x" + height + "; all images must have one size");
            }
            // ArgbImage reads grey PNGs from their samples; getRGB would brighten them through Java's linear grey space.
            int[] argb = ArgbImage.of(image).pixels();
            for (int p = 0; p < height * width; p++) {
                int rgb = argb[p];
                double grey = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3.0;
                pixels[i * height * width + p] = (float) (grey / 127.5 - 1);
            }
        }
        return new ImageBatch(pixels, files.size(), height, width, 1);
    }

    private static BufferedImage readPng(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalArgumentException(file + " is not a readable PNG; remove it from the folder");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }
}
