package org.diffusion4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffusion4j.core.images.ImageBatch;
import org.junit.jupiter.api.Test;

class MeanImageDistanceTest {

    @Test
    void distanceIsTheNearestMeanOverThePixelCount() {
        // Two 1x2 class means in [0, 1]: (0, 0) and (1, 1).
        MeanImageDistance distance = new MeanImageDistance(new float[][] {{0, 0}, {1, 1}}, 1, 2, 1);
        // Pixels in [-1, 1]: (-1, -1) is exactly mean 0; (1, 0) is (1, 0.5) in [0, 1]: to mean 1 sqrt(0.25) / 2 = 0.25.
        ImageBatch images = new ImageBatch(new float[] {-1, -1, 1, 0}, 2, 1, 2, 1);
        MeanImageDistance.Result result = distance.score(images);
        assertEquals((0 + 0.25) / 2, result.meanDistance(), 1e-7);
        assertArrayEquals(new int[] {1, 1}, result.nearestCounts());
    }

    @Test
    void colourImagesAreComparedOverEveryChannel() {
        // Two labelled 1x1 RGB images, one per class: red (1, -1, -1) and blue (-1, -1, 1) in [-1, 1].
        ImageBatch labelled = new ImageBatch(new float[] {1, -1, -1, -1, -1, 1}, 2, 1, 1, 3);
        MeanImageDistance distance = MeanImageDistance.of(labelled, new int[] {0, 1}, 2);
        // Magenta (1, -1, 1) is (1, 0, 1) in [0, 1]: distance 1 to both means, over 3 values.
        MeanImageDistance.Result result = distance.score(new ImageBatch(new float[] {1, -1, 1, -1, -1, 1}, 2, 1, 1, 3));
        assertEquals((1.0 / 3 + 0) / 2, result.meanDistance(), 1e-7);
        assertArrayEquals(new int[] {1, 1}, result.nearestCounts(), "ties go to the first class; blue is blue");
    }
}
