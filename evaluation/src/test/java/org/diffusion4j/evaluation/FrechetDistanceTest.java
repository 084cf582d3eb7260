package org.diffusion4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void equalGaussiansAreAtDistanceZero() {
        FeatureStatistics s = new FeatureStatistics(new double[] {1, -2, 3}, randomSpd(3, new Random(1)).getData(), 100);
        FrechetDistance.Result result = FrechetDistance.between(s, s);
        assertEquals(0, result.distance(), 1e-9);
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
    }

    @Test
    void diagonalCovariancesMatchTheClosedForm() {
        double[] a = {4, 1, 0.25, 9};
        double[] b = {1, 1, 4, 2};
        double[] mu1 = {0, 1, 2, 3};
        double[] mu2 = {1, 1, 0, 3};
        double expected = 0;
        for (int i = 0; i < a.length; i++) {
            expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2) + Math.pow(mu1[i] - mu2[i], 2);
        }
        FrechetDistance.Result result = FrechetDistance.between(new FeatureStatistics(mu1, diagonal(a), 10),
                new FeatureStatistics(mu2, diagonal(b), 10));
        assertEquals(expected, result.distance(), 1e-10);
        assertEquals(5, result.meanTerm(), 1e-12);
    }

    @Test
    void randomSpdCaseAgreesWithADenmanBeaversSquareRoot() {
        Random random = new Random(42);
        int d = 12;
        RealMatrix s1 = randomSpd(d, random);
        RealMatrix s2 = randomSpd(d, random);
        double[] mu1 = new double[d];
        double[] mu2 = new double[d];
        for (int i = 0; i < d; i++) {
            mu1[i] = random.nextGaussian();
            mu2[i] = random.nextGaussian();
        }
        // Independent route: the principal square root of the non-symmetric S1 S2 by the Denman-Beavers iteration.
        RealMatrix root = denmanBeavers(s1.multiply(s2));
        double expected = 0;
        for (int i = 0; i < d; i++) {
            expected += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        }
        expected += s1.getTrace() + s2.getTrace() - 2 * root.getTrace();
        double actual = FrechetDistance.between(new FeatureStatistics(mu1, s1.getData(), 50),
                new FeatureStatistics(mu2, s2.getData(), 50)).distance();
        assertEquals(expected, actual, 1e-8 * Math.max(1, expected));
    }

    @Test
    void distanceIsSymmetricAndNonNegative() {
        Random random = new Random(7);
        for (int trial = 0; trial < 25; trial++) {
            int d = 2 + random.nextInt(10);
            FeatureStatistics a = new FeatureStatistics(gaussian(d, random), randomSpd(d, random).getData(), 20);
            FeatureStatistics b = new FeatureStatistics(gaussian(d, random), randomSpd(d, random).getData(), 20);
            double ab = FrechetDistance.between(a, b).distance();
            double ba = FrechetDistance.between(b, a).distance();
            assertTrue(ab >= 0, "negative distance " + ab);
            assertEquals(ab, ba, 1e-9 * Math.max(1, ab));
        }
    }

    @Test
    void singularCovarianceGivesAWarningAndStillAFiniteDistance() {
        // One dead feature (zero variance), as ReLU features often have.
        double[][] singular = {{2, 0.5, 0}, {0.5, 1, 0}, {0, 0, 0}};
        FeatureStatistics a = new FeatureStatistics(new double[3], singular, 10);
        FeatureStatistics b = new FeatureStatistics(new double[3], diagonal(new double[] {1, 1, 1}), 10);
        FrechetDistance.Result result = FrechetDistance.between(a, b);
        assertTrue(Double.isFinite(result.distance()));
        assertFalse(result.warnings().isEmpty());
        assertTrue(result.warnings().get(0).contains("singular"));
    }

    @Test
    void statisticsUseTheUnbiasedCovariance() {
        float[] features = {1, 2, 3, 4, 5, 9}; // three vectors of width 2
        FeatureStatistics s = FeatureStatistics.of(features, 3, 2);
        assertEquals(3, s.mean()[0], 1e-12);
        assertEquals(5, s.mean()[1], 1e-12);
        assertEquals(4, s.covariance()[0][0], 1e-12); // ((-2)^2 + 0 + 2^2) / 2
        assertEquals(7, s.covariance()[0][1], 1e-12); // ((-2)(-3) + 0 + 2*4) / 2
        assertEquals(13, s.covariance()[1][1], 1e-12); // ((-3)^2 + (-1)^2 + 4^2) / 2
    }

    private static RealMatrix denmanBeavers(RealMatrix a) {
        RealMatrix y = a;
        RealMatrix z = MatrixUtils.createRealIdentityMatrix(a.getRowDimension());
        for (int i = 0; i < 60; i++) {
            RealMatrix yInverse = new LUDecomposition(y).getSolver().getInverse();
            RealMatrix zInverse = new LUDecomposition(z).getSolver().getInverse();
            y = y.add(zInverse).scalarMultiply(0.5);
            z = z.add(yInverse).scalarMultiply(0.5);
        }
        return y;
    }

    private static RealMatrix randomSpd(int d, Random random) {
        double[][] g = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                g[i][j] = random.nextGaussian();
            }
        }
        RealMatrix m = new Array2DRowRealMatrix(g);
        return m.multiply(m.transpose()).add(MatrixUtils.createRealIdentityMatrix(d).scalarMultiply(0.1));
    }

    private static double[][] diagonal(double[] values) {
        return MatrixUtils.createRealDiagonalMatrix(values).getData();
    }

    private static double[] gaussian(int d, Random random) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = 3 * random.nextGaussian();
        }
        return v;
    }
}
