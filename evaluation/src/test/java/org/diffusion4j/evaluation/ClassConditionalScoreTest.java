package org.diffusion4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffusion4j.core.classifiers.Classifier;
import org.diffusion4j.core.images.ImageBatch;
import org.junit.jupiter.api.Test;

class ClassConditionalScoreTest {

    /** One-pixel images read as the class their pixel names (0, 1 or 2). */
    private static final Classifier BY_PIXEL = new Classifier() {
        @Override
        public int height() {
            return 1;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public int classes() {
            return 3;
        }

        @Override
        public float[] probabilities(ImageBatch images) {
            float[] probabilities = new float[images.count() * 3];
            for (int i = 0; i < images.count(); i++) {
                probabilities[i * 3 + (int) images.pixels()[i]] = 1;
            }
            return probabilities;
        }

        @Override
        public int featureSize() {
            return 0;
        }

        @Override
        public float[] features(ImageBatch images) {
            return new float[0];
        }

        @Override
        public String fingerprint() {
            return "by-pixel";
        }
    };

    @Test
    void scoresTheGeneratedImagesPerAskedClassBesideTheClassifiersOwnShareOnRealOnes() {
        ImageBatch generated = new ImageBatch(new float[] {0, 1, 1, 2}, 4, 1, 1, 1);
        int[] asked = {0, 0, 1, 1};
        ImageBatch real = new ImageBatch(new float[] {0, 0, 1, 2, 2, 0}, 6, 1, 1, 1);
        int[] realLabels = {0, 0, 1, 1, 2, 2};
        ClassConditionalScore score = ClassConditionalScore.of("by pixel", BY_PIXEL, generated, asked, real, realLabels);
        assertEquals(0.5, score.accuracy());
        assertArrayEquals(new int[] {2, 2, 0}, score.askedCounts());
        assertArrayEquals(new Double[] {0.5, 0.5, null}, score.classAccuracy());
        // The classifier itself gets both real zeros, one of the two ones and one of the two twos right.
        assertArrayEquals(new Double[] {1.0, 0.5, 0.5}, score.realClassAccuracy());
    }
}
