package org.diffusion4j.bench;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Median and spread of repeated measurements. The median rather than the mean, because on a shared
 * machine the slow outliers (a GC, another process) are noise, not signal.
 */
public record Stats(double median, double min, double max, double lowerQuartile, double upperQuartile, int samples) {

    public static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements to summarise");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Stats(quantile(sorted, 0.5), sorted[0], sorted[sorted.length - 1],
                quantile(sorted, 0.25), quantile(sorted, 0.75), sorted.length);
    }

    /** Linear interpolation between the closest ranks. */
    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /**
     * The same statistics of f(x) for a decreasing f (seconds to images/s): min and max swap, and so do
     * the quartiles.
     */
    public Stats mapDecreasing(DoubleUnaryOperator f) {
        return new Stats(f.applyAsDouble(median), f.applyAsDouble(max), f.applyAsDouble(min),
                f.applyAsDouble(upperQuartile), f.applyAsDouble(lowerQuartile), samples);
    }
}
