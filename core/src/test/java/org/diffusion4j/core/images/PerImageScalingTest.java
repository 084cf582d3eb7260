package org.diffusion4j.core.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PerImageScalingTest {

    @Test
    void eachImageIsStretchedToMinusOneToOneOnItsOwn() {
        // Two 2x2 images: one spanning [0, 12] (as a step size above 1 leaves it), one already in [-1, 1], one flat.
        ImageBatch batch = new ImageBatch(new float[] {0f, 3f, 6f, 12f, -1f, 0f, 0.5f, 1f, 4f, 4f, 4f, 4f}, 3, 2, 2, 1);
        ImageBatch scaled = PerImageScaling.autoscaled(batch);
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 1f, -1f, 0f, 0.5f, 1f, -1f, -1f, -1f, -1f}, scaled.pixels(), 1e-6f);
        assertEquals(4f, batch.pixels()[8], 0f, "the input is not changed");
    }

    @Test
    void oneStrayDarkPixelTurnsTheBackgroundGrey() {
        // A digit on black with one pixel far below the background: clipping keeps the background black, autoscaling
        // makes the stray pixel black and the background mid-grey, which is what LeNet-5 scores badly.
        ImageBatch batch = new ImageBatch(new float[] {-1f, -1f, 1f, -3f}, 1, 2, 2, 1);
        float[] scaled = PerImageScaling.autoscaled(batch).pixels();
        assertEquals(0f, scaled[0], 1e-6f);
        assertEquals(-1f, scaled[3], 0f);
        assertEquals(0, ImageBatches.toByte(-1f));
    }

    @Test
    void clippingKeepsThePixelRangeAndLeavesTheRestAlone() {
        ImageBatch batch = new ImageBatch(new float[] {-3f, -1f, 0.25f, 12f}, 1, 2, 2, 1);
        assertArrayEquals(new float[] {-1f, -1f, 0.25f, 1f}, PerImageScaling.clipped(batch).pixels(), 0f);
        assertEquals(12f, batch.pixels()[3], 0f, "the input is not changed");
    }
}
