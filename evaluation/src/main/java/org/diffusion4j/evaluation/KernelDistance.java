package org.diffusion4j.evaluation;

import java.util.SplittableRandom;

/**
 * The Kernel Inception Distance (Binkowski et al. 2018) on any feature space: the unbiased estimate of the
 * squared maximum mean discrepancy with the polynomial kernel k(x, y) = (x.y / d + 1)^3, averaged over
 * random subsets (as the Keras DDIM example does over batches). Unlike the Fréchet distance it assumes
 * nothing about the shape of the distributions and is unbiased for small sets, so it can come out slightly
 * negative when the sets are alike.
 */
public final class KernelDistance {

    /** Mean and (population) standard deviation of the estimate over {@code subsets} subsets of {@code subsetSize}. */
    public record Result(double mean, double standardDeviation, int subsets, int subsetSize) {
    }

    /**
     * How the estimate is averaged: {@code count} subsets of {@code size} rows from each set, drawn from
     * {@code seed} so that a repeated evaluation repeats the figure.
     */
    public record Subsets(int size, int count, long seed) {
    }

    private KernelDistance() {
    }

    /**
     * Draws the subsets' rows (without replacement, seeded) from each set of {@code dimension}-long rows and
     * averages the unbiased MMD^2; the subset size shrinks to the smaller set when that has fewer rows.
     */
    public static Result between(float[] real, int realCount, float[] generated, int generatedCount, int dimension,
                                 Subsets drawn) {
        int size = Math.min(drawn.size(), Math.min(realCount, generatedCount));
        int subsets = drawn.count();
        if (size < 2 || subsets < 1) {
            throw new IllegalArgumentException("KID needs subsets of at least 2 vectors from each set and at least one subset"
                    + " (got " + realCount + " and " + generatedCount + " vectors, " + subsets + " subsets)");
        }
        SplittableRandom random = new SplittableRandom(drawn.seed());
        double[] estimates = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            int[] realRows = sample(realCount, size, random);
            int[] generatedRows = sample(generatedCount, size, random);
            estimates[s] = unbiasedMmd(real, realRows, generated, generatedRows, dimension);
        }
        double mean = 0;
        for (double e : estimates) {
            mean += e;
        }
        mean /= subsets;
        double variance = 0;
        for (double e : estimates) {
            variance += (e - mean) * (e - mean);
        }
        return new Result(mean, Math.sqrt(variance / subsets), subsets, size);
    }

    /**
     * Unbiased MMD^2 between the rows {@code xRows} of x and {@code yRows} of y: the mean kernel within each
     * set leaves out the diagonal k(x_i, x_i), the mean across the sets keeps every pair.
     */
    public static double unbiasedMmd(float[] x, int[] xRows, float[] y, int[] yRows, int dimension) {
        int m = xRows.length;
        int n = yRows.length;
        double withinX = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                withinX += 2 * kernel(x, xRows[i], x, xRows[j], dimension);
            }
        }
        double withinY = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                withinY += 2 * kernel(y, yRows[i], y, yRows[j], dimension);
            }
        }
        double across = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                across += kernel(x, xRows[i], y, yRows[j], dimension);
            }
        }
        return withinX / ((double) m * (m - 1)) + withinY / ((double) n * (n - 1)) - 2 * across / ((double) m * n);
    }

    /** (x.y / d + 1)^3 for row a of x and row b of y. */
    static double kernel(float[] x, int a, float[] y, int b, int dimension) {
        double dot = 0;
        int xi = a * dimension;
        int yi = b * dimension;
        for (int k = 0; k < dimension; k++) {
            dot += (double) x[xi + k] * y[yi + k];
        }
        double base = dot / dimension + 1;
        return base * base * base;
    }

    /** {@code size} distinct indices of 0..count-1 (partial Fisher-Yates). */
    private static int[] sample(int count, int size, SplittableRandom random) {
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(count - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, size);
    }
}
