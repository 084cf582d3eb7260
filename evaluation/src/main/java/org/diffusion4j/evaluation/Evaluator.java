package org.diffusion4j.evaluation;

import org.diffusion4j.core.classifiers.Classifier;
import org.diffusion4j.core.images.ImageBatch;

/** Scores sets of images against one reference with every metric of the table: FLD, KID, mean-image distance, labels. */
public final class Evaluator {

    private final Classifier classifier;
    private final ReferenceFeatures reference;
    private final MeanImageDistance meanImages;
    private final KernelDistance.Subsets kidSubsets;

    public Evaluator(Classifier classifier, ReferenceFeatures reference, MeanImageDistance meanImages, int kidSubsetSize,
                     int kidSubsets, long seed) {
        this.classifier = classifier;
        this.reference = reference;
        this.meanImages = meanImages;
        this.kidSubsets = new KernelDistance.Subsets(kidSubsetSize, kidSubsets, seed);
    }

    public EvaluationRow evaluate(String name, ImageBatch images) {
        float[] features = classifier.features(images);
        int dimension = classifier.featureSize();
        FeatureStatistics statistics = FeatureStatistics.of(features, images.count(), dimension);
        FrechetDistance.Result fld = FrechetDistance.between(reference.statistics(), statistics);
        KernelDistance.Result kid = KernelDistance.between(reference.sample(), reference.sampleCount(), features, images.count(),
                dimension, kidSubsets);
        MeanImageDistance.Result nearest = meanImages.score(images);
        int[] predicted = Predictions.labels(classifier.probabilities(images), classifier.classes());
        return EvaluationRow.builder().name(name).count(images.count()).fld(fld.distance()).warnings(fld.warnings()).kid(kid)
                .meanImages(nearest).predictedCounts(Predictions.histogram(predicted, classifier.classes())).build();
    }
}
