package org.diffusion4j.evaluation;

import org.diffusion4j.core.classifiers.Classifier;
import org.diffusion4j.core.classifiers.FeatureExtractor;
import org.diffusion4j.core.images.ImageBatch;

/**
 * Scores sets of images against one reference with every metric of the table: the Fréchet distance and KID in one
 * model's features (the classifier's own for the FLD, or another feature model's), the mean-image distance, and the
 * classifier's labels.
 */
public final class Evaluator {

    private final Classifier classifier;
    private final FeatureExtractor featureModel;
    private final ReferenceFeatures reference;
    private final MeanImageDistance meanImages;
    private final KernelDistance.Subsets kidSubsets;

    /** The classifier gives both the labels and the features (the FLD). */
    public Evaluator(Classifier classifier, ReferenceFeatures reference, MeanImageDistance meanImages, int kidSubsetSize,
                     int kidSubsets, long seed) {
        this(classifier, classifier, reference, meanImages, new KernelDistance.Subsets(kidSubsetSize, kidSubsets, seed));
    }

    /** Labels from the classifier, distances in the feature model's space; {@code reference} must be in that space too. */
    public Evaluator(Classifier classifier, FeatureExtractor featureModel, ReferenceFeatures reference, MeanImageDistance meanImages,
                     KernelDistance.Subsets kidSubsets) {
        this.classifier = classifier;
        this.featureModel = featureModel;
        this.reference = reference;
        this.meanImages = meanImages;
        this.kidSubsets = kidSubsets;
    }

    public EvaluationRow evaluate(String name, ImageBatch images) {
        float[] features = featureModel.features(images);
        int dimension = featureModel.featureSize();
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
