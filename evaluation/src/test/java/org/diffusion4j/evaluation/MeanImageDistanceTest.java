package org.diffusion4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffusion4j.core.images.ImageBatch;
import org.junit.jupiter.api.Test;

class MeanImageDistanceTest {

    @Test
    void distanceIsTheNearestMeanOverThePixelCount() {
        // Two 1x2 class means in [0, 1]: (0, 0) and (1, 1).
        MeanImageDistance distance = new MeanImageDistance(new float[][] {{0, 0}, {1, 1}}, 1, 2);
        // Pixels in [-1, 1]: (-1, -1) is exactly mean 0; (1, 0) is (1, 0.5) in [0, 1]: to mean 1 sqrt(0.25) / 2 = 0.25.
        ImageBatch images = new ImageBatch(new float[] {-1, -1, 1, 0}, 2, 1, 2, 1);
        MeanImageDistance.Result result = distance.score(images);
        assertEquals((0 + 0.25) / 2, result.meanDistance(), 1e-7);
        assertArrayEquals(new int[] {1, 1}, result.nearestCounts());
    }
}
