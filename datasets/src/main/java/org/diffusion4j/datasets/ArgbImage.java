package org.diffusion4j.datasets;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * A decoded image as 8-bit sRGB with straight alpha, 0xAARRGGBB row by row: the one form every file type is turned
 * into before compositing and resizing.
 */
record ArgbImage(int width, int height, int[] pixels) {

    ArgbImage {
        if (width <= 0 || height <= 0 || pixels.length != (long) width * height) {
            throw new IllegalArgumentException(width + "x" + height + " image with " + pixels.length + " pixels");
        }
    }

    int at(int x, int y) {
        return pixels[y * width + x];
    }

    /**
     * Any BufferedImage ImageIO returns. Grey images are read from their samples: getRGB would pass them through
     * Java's linear grey colour space and brighten them (grey 128 comes back as 188). 16-bit samples are rounded to
     * 8 bits.
     */
    static ArgbImage of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel model = image.getColorModel();
        if (model.getColorSpace().getType() != ColorSpace.TYPE_GRAY || model instanceof IndexColorModel) {
            return new ArgbImage(width, height, image.getRGB(0, 0, width, height, null, 0, width));
        }
        Raster raster = image.getRaster();
        double greyScale = 255.0 / ((1L << model.getComponentSize(0)) - 1);
        boolean alpha = model.hasAlpha() && raster.getNumBands() > 1;
        double alphaScale = alpha ? 255.0 / ((1L << model.getComponentSize(1)) - 1) : 0;
        int[] pixels = new int[width * height];
        int[] grey = new int[width];
        int[] opacity = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, grey);
            if (alpha) {
                raster.getSamples(0, y, width, 1, 1, opacity);
            }
            for (int x = 0; x < width; x++) {
                int g = (int) Math.round(grey[x] * greyScale);
                int a = alpha ? (int) Math.round(opacity[x] * alphaScale) : 255;
                pixels[y * width + x] = a << 24 | g << 16 | g << 8 | g;
            }
        }
        return new ArgbImage(width, height, pixels);
    }
}
