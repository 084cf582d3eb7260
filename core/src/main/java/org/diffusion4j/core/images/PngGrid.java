package org.diffusion4j.core.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Saves a batch as a PNG grid (see {@link ImageGrid} for the layout). */
public final class PngGrid {

    private PngGrid() {
    }

    /**
     * Writes {@code images} (pixels in [-1, 1], clipped) as a grid with {@code columns} images per row,
     * each enlarged {@code scale} times. Missing parent folders are created.
     */
    public static void write(ImageBatch images, int columns, Path file, int scale) {
        try {
            createParentFolders(file);
            if (!ImageIO.write(ImageGrid.render(images, columns, scale), "png", file.toFile())) {
                throw new IllegalStateException("this Java runtime has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The same with a name beside each row (see {@link ImageGrid#renderWithRowNames}). */
    public static void writeWithRowNames(ImageBatch images, int columns, Path file, int scale, java.util.List<String> rowNames) {
        try {
            createParentFolders(file);
            if (!ImageIO.write(ImageGrid.renderWithRowNames(images, columns, scale, rowNames), "png", file.toFile())) {
                throw new IllegalStateException("this Java runtime has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    static void createParentFolders(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
