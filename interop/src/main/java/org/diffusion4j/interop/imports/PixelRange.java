package org.diffusion4j.interop.imports;

/**
 * The model's pixel values for black (byte 0) and white (byte 255): (-1, 1) for diffusion4j, (0, 1) for
 * pixels / 255, (-1, 0.9921875) for p / 128 - 1. Converts to and from the project's [-1, 1].
 */
public record PixelRange(double black, double white) {

    public static final PixelRange PROJECT = new PixelRange(-1.0, 1.0);

    public PixelRange {
        if (!(white > black)) {
            throw new IllegalArgumentException("pixel range white (" + white + ") must be above black (" + black + ")");
        }
    }

    /** A model pixel as a project pixel in [-1, 1] (not clipped). */
    public float toProject(float modelPixel) {
        return (float) (2.0 * (modelPixel - black) / (white - black) - 1.0);
    }

    public float fromProject(float projectPixel) {
        return (float) (black + (projectPixel + 1.0) / 2.0 * (white - black));
    }
}
