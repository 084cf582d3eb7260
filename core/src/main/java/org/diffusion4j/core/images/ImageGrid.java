package org.diffusion4j.core.images;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/**
 * Lays a batch out as one picture: a grid of images, row by row, with thin dark separators, each
 * image enlarged by a whole factor with nearest-neighbour sampling so single pixels stay crisp.
 * Greyscale batches give TYPE_BYTE_GRAY pictures, RGB batches TYPE_INT_RGB.
 */
public final class ImageGrid {

    /** Width in pixels of the lines between images. */
    public static final int SEPARATOR = 2;
    /**
     * Dark grey rather than black so the lines stay visible against black backgrounds such as MNIST's.
     */
    public static final int SEPARATOR_VALUE = 48;

    private ImageGrid() {
    }

    public static BufferedImage render(ImageBatch images, int columns, int scale) {
        if (images.count() == 0) {
            throw new IllegalArgumentException("cannot draw an empty batch");
        }
        if (columns < 1 || scale < 1) {
            throw new IllegalArgumentException("columns and scale must be at least 1, got columns=" + columns
                    + ", scale=" + scale);
        }
        int channels = images.channels();
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("can only draw greyscale (1 channel) or RGB (3 channel) images, got "
                    + channels + " channels");
        }
        int usedColumns = Math.min(columns, images.count());
        int rows = (images.count() + usedColumns - 1) / usedColumns;
        int cellWidth = images.width() * scale;
        int cellHeight = images.height() * scale;
        BufferedImage picture = new BufferedImage(
                usedColumns * cellWidth + (usedColumns - 1) * SEPARATOR,
                rows * cellHeight + (rows - 1) * SEPARATOR,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        WritableRaster raster = picture.getRaster();
        fill(raster, SEPARATOR_VALUE);

        byte[] bytes = ImageBatches.toBytes(images);
        int[] pixel = new int[channels];
        for (int n = 0; n < images.count(); n++) {
            int left = (n % usedColumns) * (cellWidth + SEPARATOR);
            int top = (n / usedColumns) * (cellHeight + SEPARATOR);
            for (int y = 0; y < cellHeight; y++) {
                for (int x = 0; x < cellWidth; x++) {
                    int offset = n * images.imageSize() + ((y / scale) * images.width() + x / scale) * channels;
                    for (int c = 0; c < channels; c++) {
                        pixel[c] = bytes[offset + c] & 0xFF;
                    }
                    raster.setPixel(left + x, top + y, pixel);
                }
            }
        }
        return picture;
    }

    /**
     * The grid with a name to the left of each row (a conditional model's class per row), on a white margin in black text,
     * in RGB. Where Java cannot draw text (a headless system without fonts) the grid comes without names.
     */
    public static BufferedImage renderWithRowNames(ImageBatch images, int columns, int scale, java.util.List<String> rowNames) {
        BufferedImage grid = render(images, columns, scale);
        try {
            BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D measure = probe.createGraphics();
            java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, Math.max(10, Math.min(14, images.height() * scale / 3)));
            java.awt.FontMetrics metrics = measure.getFontMetrics(font);
            int margin = 8 + rowNames.stream().mapToInt(metrics::stringWidth).max().orElse(0);
            measure.dispose();
            BufferedImage picture = new BufferedImage(margin + grid.getWidth(), grid.getHeight(), BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = picture.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, margin, picture.getHeight());
            g.drawImage(grid, margin, 0, null);
            g.setColor(java.awt.Color.BLACK);
            g.setFont(font);
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int cellHeight = images.height() * scale;
            for (int row = 0; row < rowNames.size(); row++) {
                int middle = row * (cellHeight + SEPARATOR) + cellHeight / 2;
                g.drawString(rowNames.get(row), 4, middle + metrics.getAscent() / 2 - 1);
            }
            g.dispose();
            return picture;
        } catch (Error | RuntimeException noFonts) {
            return grid;
        }
    }

    /**
     * Two pictures of the same type next to each other, tops aligned, with a double separator between
     * them: for showing noisy images beside their clean-image estimates.
     */
    public static BufferedImage sideBySide(BufferedImage left, BufferedImage right) {
        if (left.getType() != right.getType()) {
            throw new IllegalArgumentException("cannot put a " + describe(left) + " picture beside a "
                    + describe(right) + " one");
        }
        int gap = 2 * SEPARATOR;
        BufferedImage picture = new BufferedImage(left.getWidth() + gap + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), left.getType());
        WritableRaster raster = picture.getRaster();
        fill(raster, SEPARATOR_VALUE);
        raster.setRect(0, 0, left.getRaster());
        raster.setRect(left.getWidth() + gap, 0, right.getRaster());
        return picture;
    }

    private static void fill(WritableRaster raster, int value) {
        int[] row = new int[raster.getWidth() * raster.getNumBands()];
        Arrays.fill(row, value);
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.setPixels(0, y, raster.getWidth(), 1, row);
        }
    }

    private static String describe(BufferedImage picture) {
        return picture.getRaster().getNumBands() == 1 ? "greyscale" : "colour";
    }
}
