package org.diffusion4j.evaluation;

import java.util.List;

/**
 * One row of document 000's table: a set of images scored against the reference (the MNIST test set). Built
 * with {@link #builder()}; the canonical constructor is left to it.
 *
 * @param predictedCounts how many images the classifier put in each class
 * @param nearestMeanCounts how many images were nearest to each class mean image
 * @param warnings          from the Fréchet distance (singular covariances, clamped eigenvalues)
 */
public record EvaluationRow(String name, int count, double fld, double kidMean, double kidStandardDeviation,
                            double meanImageDistance, int[] predictedCounts, int[] nearestMeanCounts, List<String> warnings) {

    public static Builder builder() {
        return new Builder();
    }

    /** Names each value of an {@link EvaluationRow}. */
    public static final class Builder {

        private String name;
        private int count;
        private double fld;
        private double kidMean;
        private double kidStandardDeviation;
        private double meanImageDistance;
        private int[] predictedCounts;
        private int[] nearestMeanCounts;
        private List<String> warnings;

        private Builder() {
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder count(int value) {
            count = value;
            return this;
        }

        public Builder fld(double value) {
            fld = value;
            return this;
        }

        public Builder predictedCounts(int[] value) {
            predictedCounts = value;
            return this;
        }

        public Builder warnings(List<String> value) {
            warnings = value;
            return this;
        }

        /** The KID estimate: its mean and standard deviation over the subsets. */
        public Builder kid(KernelDistance.Result kid) {
            kidMean = kid.mean();
            kidStandardDeviation = kid.standardDeviation();
            return this;
        }

        /** The mean-image scores: the mean distance to the nearest class mean, and how often each class was nearest. */
        public Builder meanImages(MeanImageDistance.Result nearest) {
            meanImageDistance = nearest.meanDistance();
            nearestMeanCounts = nearest.nearestCounts();
            return this;
        }

        public EvaluationRow build() {
            return new EvaluationRow(name, count, fld, kidMean, kidStandardDeviation, meanImageDistance, predictedCounts,
                    nearestMeanCounts, warnings);
        }
    }
}
