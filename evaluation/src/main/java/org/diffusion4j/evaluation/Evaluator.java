package org.diffusion4j.evaluation;

import java.util.List;
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

    /**
     * The reference images' own row: their labels and mean-image distance, which other rows are read against, and no
     * distances (those would compare the reference with itself).
     */
    public EvaluationRow describeReference(String name, ImageBatch images) {
        int[] predicted = Predictions.labels(classifier.probabilities(images), classifier.classes());
        return EvaluationRow.builder().name(name).reference().count(images.count()).warnings(List.of())
                .meanImages(meanImages.score(images)).predictedCounts(Predictions.histogram(predicted, classifier.classes())).build();
    }

    /** Scores {@code images} against the reference with every metric. */
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
