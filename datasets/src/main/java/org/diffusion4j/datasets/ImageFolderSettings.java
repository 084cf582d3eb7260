package org.diffusion4j.datasets;

import java.util.Locale;

/**
 * How the images of a folder are prepared for training. Build from the documented defaults with {@link #builder()}.
 *
 * @param imageSize  side of the square images, in pixels (default {@value #DEFAULT_IMAGE_SIZE})
 * @param channels   3 (RGB), 1 (grey) or {@link #AUTO_CHANNELS}: 3 if any image has colour, else 1 (the default)
 * @param background the 0xRRGGBB colour transparent pixels are composited onto (default white, as viewers show them)
 */
public record ImageFolderSettings(int imageSize, int channels, int background) {

    public static final int DEFAULT_IMAGE_SIZE = 32;
    /** Channels decided by the images: colour if any of them has it. */
    public static final int AUTO_CHANNELS = 0;
    public static final int WHITE = 0xFFFFFF;
    public static final int BLACK = 0x000000;

    public ImageFolderSettings {
        if (imageSize <= 0) {
            throw new IllegalArgumentException("image size must be a positive number of pixels, got " + imageSize
                    + "; give a size such as " + DEFAULT_IMAGE_SIZE + " or 64");
        }
        if (channels != AUTO_CHANNELS && channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels
                    + "; leave it out to take 3 if any image has colour, else 1");
        }
        if ((background & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("background must be a 0xRRGGBB colour, got 0x" + Integer.toHexString(background));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().imageSize(imageSize).channels(channels).background(background);
    }

    /** The same settings with the channel count fixed, e.g. to what {@link #AUTO_CHANNELS} resolved to. */
    public ImageFolderSettings withChannels(int count) {
        return toBuilder().channels(count).build();
    }

    /** {@code white}, {@code black} or {@code #rrggbb} as a 0xRRGGBB colour. */
    public static int parseBackground(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "white" -> WHITE;
            case "black" -> BLACK;
            default -> {
                if (!name.matches("#[0-9a-f]{6}")) {
                    throw new IllegalArgumentException("unknown background '" + text + "'; use white, black or #rrggbb (e.g. #808080)");
                }
                yield Integer.parseInt(name.substring(1), 16);
            }
        };
    }

    /** The background as {@link #parseBackground} reads it: white, black or #rrggbb. */
    public String backgroundName() {
        return switch (background) {
            case WHITE -> "white";
            case BLACK -> "black";
            default -> String.format(Locale.ROOT, "#%06x", background);
        };
    }

    /** Starts from the defaults; each setter documents its own. */
    public static final class Builder {
        private int imageSize = DEFAULT_IMAGE_SIZE;
        private int channels = AUTO_CHANNELS;
        private int background = WHITE;

        private Builder() {
        }

        /** Side of the square images (default {@value ImageFolderSettings#DEFAULT_IMAGE_SIZE}). */
        public Builder imageSize(int size) {
            imageSize = size;
            return this;
        }

        /** 1, 3 or {@link ImageFolderSettings#AUTO_CHANNELS} (the default). */
        public Builder channels(int count) {
            channels = count;
            return this;
        }

        /** 0xRRGGBB under transparent pixels (default white). */
        public Builder background(int rgb) {
            background = rgb;
            return this;
        }

        public ImageFolderSettings build() {
            return new ImageFolderSettings(imageSize, channels, background);
        }
    }
}
