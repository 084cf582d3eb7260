package org.diffusion4j.evaluation;

import org.diffusion4j.core.classifiers.Classifier;
import org.diffusion4j.core.images.ImageBatch;

/**
 * What an independent classifier (e.g. a Keras model imported as a SavedModel) says about a set of
 * images, so results do not rest on the project's own LeNet-5 alone: the labels it gives, how often it
 * is sure, and, when it exposes features, FLD and KID measured in its own feature space.
 *
 * @param judge           where the judge came from, for the report
 * @param fingerprint     the judge's weights
 * @param predictedCounts how many images the judge put in each class
 * @param confidentShare  fraction of images whose top class has probability above {@link #CONFIDENT}
 * @param fld             Fréchet distance to the reference in the judge's feature space; null without features
 * @param kidMean         KID likewise (mean over subsets, and its standard deviation); null without features
 */
public record JudgeVerdict(String judge, String fingerprint, int count, int[] predictedCounts, double confidentShare, Double fld,
                           Double kidMean, Double kidStandardDeviation) {

    /** Above this top-class probability a judge is taken to recognize a digit rather than guess between several. */
    public static final double CONFIDENT = 0.5;

    /**
     * Judges {@code images}; with features, the distances are taken against {@code reference} (the real
     * images the main table uses) through an {@link Evaluator} in the judge's feature space, with KID drawn
     * as {@code kid} says.
     */
    public static JudgeVerdict of(String judgeName, Classifier judge, ImageBatch images, ImageBatch reference, MeanImageDistance meanImages,
                                  KernelDistance.Subsets kid) {
        float[] probabilities = judge.probabilities(images);
        int[] counts = Predictions.histogram(Predictions.labels(probabilities, judge.classes()), judge.classes());
        double confident = Predictions.confidentShare(probabilities, judge.classes(), CONFIDENT);
        Builder verdict = new Builder().judge(judgeName).fingerprint(judge.fingerprint()).count(images.count())
                .predictedCounts(counts).confidentShare(confident);
        if (judge.featureSize() == 0) {
            return verdict.build();
        }
        // Seed 0 for the reference sample, as the LeNet-5 reference cache uses, so a judge that is LeNet-5 agrees with the table.
        ReferenceFeatures real = ReferenceFeatures.of(judge.features(reference), reference.count(), judge.featureSize(), 0);
        EvaluationRow row = new Evaluator(judge, real, meanImages, kid.size(), kid.count(), kid.seed()).evaluate("judged", images);
        return verdict.distances(row).build();
    }

    /** Names the values {@link #of} measures; the distances stay null for a judge without features. */
    private static final class Builder {

        private String judge;
        private String fingerprint;
        private int count;
        private int[] predictedCounts;
        private double confidentShare;
        private Double fld;
        private Double kidMean;
        private Double kidStandardDeviation;

        private Builder() {
        }

        private Builder judge(String value) {
            judge = value;
            return this;
        }

        private Builder fingerprint(String value) {
            fingerprint = value;
            return this;
        }

        private Builder count(int value) {
            count = value;
            return this;
        }

        private Builder predictedCounts(int[] value) {
            predictedCounts = value;
            return this;
        }

        private Builder confidentShare(double value) {
            confidentShare = value;
            return this;
        }

        /** FLD and KID from the judge's feature space; without them (no features) they stay null. */
        private Builder distances(EvaluationRow row) {
            fld = row.fld();
            kidMean = row.kidMean();
            kidStandardDeviation = row.kidStandardDeviation();
            return this;
        }

        public JudgeVerdict build() {
            return new JudgeVerdict(judge, fingerprint, count, predictedCounts, confidentShare, fld, kidMean,
                    kidStandardDeviation);
        }
    }
}
