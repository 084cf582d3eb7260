package org.diffusion4j.datasets;

/**
 * The one conversion of stored unsigned bytes to the [-1, 1] floats diffusion models train in,
 * {@code p / 127.5 - 1}: byte 0 is -1, byte 255 is 1. Every data set that stores bytes hands them out through here,
 * so MNIST and image folders cannot drift apart.
 */
final class UnitPixels {

    private static final float[] TO_UNIT = new float[256];

    static {
        for (int p = 0; p < 256; p++) {
            TO_UNIT[p] = p / 127.5f - 1f;
        }
    }

    private UnitPixels() {
    }

    /** A stored byte (read as unsigned) in [-1, 1]; a table look-up. */
    static float toUnit(byte stored) {
        return TO_UNIT[stored & 0xff];
    }
}
