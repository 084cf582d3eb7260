package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Shifts move every channel of a pixel together; what they uncover is black for digits, the edge for folder images. */
class PixelShiftsTest {

    /** A 1x3 RGB image: pixels (r, g, b) = (0.1, 0.2, 0.3), (0.4, 0.5, 0.6), (0.7, 0.8, 0.9). */
    private static float[] row() {
        return new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f};
    }

    /** Draws shifts until one moves the image right by one pixel and leaves y alone, the case checked below. */
    private static SplittableRandom rightByOne() {
        for (long seed = 0; ; seed++) {
            SplittableRandom probe = new SplittableRandom(seed);
            if (probe.nextInt(-1, 2) == 1 && probe.nextInt(-1, 2) == 0) {
                return new SplittableRandom(seed);
            }
        }
    }

    @Test
    void aShiftMovesWholePixelsAndFillsWithTheEdgeOrBlack() {
        PixelShifts.ImageShape shape = new PixelShifts.ImageShape(1, 3, 3);
        float[] edge = row();
        PixelShifts.apply(edge, shape, 1, 1, PixelShifts.Fill.EDGE, rightByOne());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, edge);

        float[] black = row();
        PixelShifts.apply(black, shape, 1, 1, PixelShifts.Fill.BLACK, rightByOne());
        assertArrayEquals(new float[] {-1f, -1f, -1f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, black);
    }
}
