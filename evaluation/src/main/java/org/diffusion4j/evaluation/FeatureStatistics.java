package org.diffusion4j.evaluation;

/**
 * The Gaussian the Fréchet distance fits to a set of feature vectors: mean, unbiased covariance (divided
 * by count - 1) and how many vectors it came from.
 */
public record FeatureStatistics(double[] mean, double[][] covariance, int count) {

    public FeatureStatistics {
        if (covariance.length != mean.length) {
            throw new IllegalArgumentException("a mean of " + mean.length + " features needs a " + mean.length + "x" + mean.length
                    + " covariance, got " + covariance.length + " rows");
        }
    }

    /** Statistics of {@code count} row-major feature vectors of width {@code dimension}, accumulated in double. */
    public static FeatureStatistics of(float[] features, int count, int dimension) {
        if (count < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 feature vectors, got " + count + "; use more images");
        }
        if ((long) count * dimension != features.length) {
            throw new IllegalArgumentException(count + " vectors of " + dimension + " features need " + ((long) count * dimension)
                    + " values, got " + features.length);
        }
        double[] mean = new double[dimension];
        for (int i = 0; i < count; i++) {
            for (int a = 0; a < dimension; a++) {
                mean[a] += features[i * dimension + a];
            }
        }
        for (int a = 0; a < dimension; a++) {
            mean[a] /= count;
        }
        // Two passes (centre, then multiply) instead of E[xx'] - mm': the one-pass form cancels badly
        // when features have large means and small spreads.
        double[][] covariance = new double[dimension][dimension];
        double[] centred = new double[dimension];
        for (int i = 0; i < count; i++) {
            for (int a = 0; a < dimension; a++) {
                centred[a] = features[i * dimension + a] - mean[a];
            }
            for (int a = 0; a < dimension; a++) {
                double ca = centred[a];
                double[] row = covariance[a];
                for (int b = a; b < dimension; b++) {
                    row[b] += ca * centred[b];
                }
            }
        }
        for (int a = 0; a < dimension; a++) {
            for (int b = a; b < dimension; b++) {
                covariance[a][b] /= count - 1;
                covariance[b][a] = covariance[a][b];
            }
        }
        return new FeatureStatistics(mean, covariance, count);
    }

    public int dimension() {
        return mean.length;
    }
}
