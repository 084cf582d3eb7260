package org.diffusion4j.evaluation;

import java.util.List;

/**
 * One row of document 000's table: a set of images scored against the reference (the MNIST test set). Built
 * with {@link #builder()}; the canonical constructor is left to it.
 *
 * @param reference       true for the row of the reference images themselves: they are what the others are scored
 *                        against, so their Fréchet distance and KID are null (against itself the distance is 0 by
 *                        construction and the unbiased KID a negative number, neither a result); their labels and
 *                        mean-image distance remain, as the floor those columns have
 * @param fld             the Fréchet distance in the feature model's space; null for the reference row
 * @param kidMean         KID, the unbiased cubic-kernel MMD squared, in raw feature units (not scaled by 1,000); null
 *                        for the reference row
 * @param predictedCounts how many images the classifier put in each class
 * @param nearestMeanCounts how many images were nearest to each class mean image
 * @param warnings          from the Fréchet distance (singular covariances, clamped eigenvalues)
 */
public record EvaluationRow(String name, boolean reference, int count, Double fld, Double kidMean, Double kidStandardDeviation,
                            double meanImageDistance, int[] predictedCounts, int[] nearestMeanCounts, List<String> warnings) {

    public static Builder builder() {
        return new Builder();
    }

    /** Names each value of an {@link EvaluationRow}. */
    public static final class Builder {

        private String name;
        private boolean reference;
        private int count;
        private Double fld;
        private Double kidMean;
        private Double kidStandardDeviation;
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

        /** Marks the row of the reference images, which has no distances. */
        public Builder reference() {
            reference = true;
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
            return new EvaluationRow(name, reference, count, fld, kidMean, kidStandardDeviation, meanImageDistance, predictedCounts,
                    nearestMeanCounts, warnings);
        }
    }
}
