package org.diffusion4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KernelDistanceTest {

    @Test
    void tinyCaseMatchesTheHandComputedValue() {
        // d = 1, x = {0, 1}, y = {1, 2}, k(a, b) = (ab + 1)^3:
        // within x: k(0,1) = 1; within y: k(1,2) = 27; across: (1 + 1 + 8 + 27) / 4 = 9.25; 1 + 27 - 18.5 = 9.5
        float[] x = {0, 1};
        float[] y = {1, 2};
        assertEquals(9.5, KernelDistance.unbiasedMmd(x, new int[] {0, 1}, y, new int[] {0, 1}, 1), 1e-12);
        KernelDistance.Result result = KernelDistance.between(x, 2, y, 2, 1, new KernelDistance.Subsets(2, 3, 0));
        assertEquals(9.5, result.mean(), 1e-12); // every subset is the whole of both sets
        assertEquals(0, result.standardDeviation(), 1e-12);
    }

    @Test
    void samplesOfOneDistributionScoreNearZeroAndShiftedOnesDoNot() {
        Random random = new Random(3);
        int d = 8;
        int n = 400;
        float[] a = gaussian(n, d, 0, random);
        float[] b = gaussian(n, d, 0, random);
        float[] shifted = gaussian(n, d, 1, random);
        KernelDistance.Subsets subsets = new KernelDistance.Subsets(200, 10, 1);
        KernelDistance.Result same = KernelDistance.between(a, n, b, n, d, subsets);
        KernelDistance.Result different = KernelDistance.between(a, n, shifted, n, d, subsets);
        // The unbiased estimate of equal distributions is 0 in expectation: within a few standard errors of it.
        assertTrue(Math.abs(same.mean()) < 0.05, "same distribution gave " + same.mean());
        assertTrue(different.mean() > 10 * Math.abs(same.mean()) + 0.1, "shifted gave only " + different.mean());
    }

    private static float[] gaussian(int n, int d, double shift, Random random) {
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() + shift);
        }
        return v;
    }
}
