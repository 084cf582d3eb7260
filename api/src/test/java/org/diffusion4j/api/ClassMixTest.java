package org.diffusion4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A conditional evaluation asks for the classes in the mix of the images it is scored against. */
class ClassMixTest {

    private static int[] counts(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Test
    void theReferenceMixAsksForEachClassInItsShareOfTheReferenceImages() {
        // A folder whose largest class holds 60% of the images: asked in turn, each class would get a third.
        int[] heldOut = {120, 60, 20};
        int[] labels = ClassMix.REFERENCE.labels(1000, heldOut);
        assertArrayEquals(new int[] {600, 300, 100}, counts(labels, 3));
        // Every stretch of the sequence holds the mix, so the first batch of a run is not all one class.
        assertArrayEquals(new int[] {6, 3, 1}, counts(Arrays.copyOf(labels, 10), 3));
    }

    @Test
    void sharesThatDoNotDivideEvenlyStillAddUpToTheCount() {
        int[] mnistTest = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
        int[] labels = ClassMix.REFERENCE.labels(2000, mnistTest);
        int[] asked = counts(labels, 10);
        assertEquals(2000, Arrays.stream(asked).sum());
        for (int k = 0; k < 10; k++) {
            double exact = 2000 * mnistTest[k] / 10_000.0;
            assertTrue(Math.abs(asked[k] - exact) < 1, "class " + k + ": " + asked[k] + " for " + exact);
        }
        assertArrayEquals(mnistTest, counts(ClassMix.REFERENCE.labels(10_000, mnistTest), 10), "10,000 from MNIST's test set: its own counts");
    }

    @Test
    void aBalancedMixLetsTheClassesTakeTurns() {
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0}, ClassMix.BALANCED.labels(7, new int[] {120, 60, 20}));
    }

    @Test
    void aClassWithoutReferenceImagesIsNotAskedFor() {
        assertArrayEquals(new int[] {0, 5, 5}, counts(ClassMix.REFERENCE.labels(10, new int[] {0, 4, 4}), 3));
    }
}
