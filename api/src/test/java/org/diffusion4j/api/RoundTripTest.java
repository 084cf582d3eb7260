package org.diffusion4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.diffusion4j.core.images.ImageBatch;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    @Test
    void onlyEachPathsEndsAreComparedWithTheirOwnImages() {
        // Two pairs of 1x2 images, three frames a path. The middle frames are far off and must not count; the one end that
        // is off is off by 0.2 in [-1, 1] in both pixels: 0.1 in [0, 1], 20 dB, against 100 dB (equal) for the other three.
        ImageBatch from = new ImageBatch(new float[] {0f, 0f, 0.5f, 0.5f}, 2, 1, 2, 1);
        ImageBatch to = new ImageBatch(new float[] {1f, 1f, -1f, -1f}, 2, 1, 2, 1);
        ImageBatch paths = new ImageBatch(new float[] {
            0f, 0f, 9f, 9f, 1f, 1f,          // pair 0: from, a middle frame, to
            0.7f, 0.7f, -9f, 9f, -1f, -1f},  // pair 1: from off by 0.2, a middle frame, to
                6, 1, 2, 1);
        RoundTrip trip = RoundTrip.of(paths, 3, from, to);
        assertEquals(0.1 / 4, trip.meanAbsoluteDistance(), 1e-6);
        assertEquals((3 * 100 + 20) / 4.0, trip.meanPsnrDb(), 1e-4);
        assertThrows(IllegalArgumentException.class, () -> RoundTrip.of(paths, 2, from, to));
    }
}
