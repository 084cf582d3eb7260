package org.diffusion4j.evaluation;

import org.diffusion4j.core.classifiers.Classifier;
import org.diffusion4j.core.images.ImageBatch;

/**
 * How well images asked for by class match their class, as one classifier sees them: the share classified as
 * the asked-for digit (overall and per class) and, when the classifier has features, the Fréchet distance of
 * each class's images to the real images of that class.
 *
 * @param classAccuracy share of the images asked to be class k that the classifier labels k
 * @param classFld      per class k: FLD between generated class-k images and real class-k images; null without features
 */
public record ClassConditionalScore(String classifier, int count, double accuracy, double[] classAccuracy, double[] classFld) {

    /**
     * askedLabels: the class each generated image was asked to be; realImages with their labels stand for the
     * data distribution of each class (the test set).
     */
    public static ClassConditionalScore of(String name, Classifier classifier, ImageBatch generated, int[] askedLabels,
                                           ImageBatch realImages, int[] realLabels) {
        if (askedLabels.length != generated.count() || realLabels.length != realImages.count()) {
            throw new IllegalArgumentException("need one label per image: " + askedLabels.length + " for " + generated.count()
                    + " generated, " + realLabels.length + " for " + realImages.count() + " real");
        }
        int classes = classifier.classes();
        int[] predicted = Predictions.labels(classifier.probabilities(generated), classes);
        int[] asked = new int[classes];
        int[] matched = new int[classes];
        for (int i = 0; i < predicted.length; i++) {
            asked[askedLabels[i]]++;
            matched[askedLabels[i]] += predicted[i] == askedLabels[i] ? 1 : 0;
        }
        double[] classAccuracy = new double[classes];
        for (int k = 0; k < classes; k++) {
            classAccuracy[k] = asked[k] == 0 ? Double.NaN : matched[k] / (double) asked[k];
        }
        double accuracy = Predictions.accuracy(predicted, askedLabels);
        double[] classFld = classifier.featureSize() == 0 ? null
                : classFld(classifier, generated, askedLabels, realImages, realLabels);
        return new ClassConditionalScore(name, generated.count(), accuracy, classAccuracy, classFld);
    }

    private static double[] classFld(Classifier classifier, ImageBatch generated, int[] askedLabels, ImageBatch realImages,
                                     int[] realLabels) {
        int dimension = classifier.featureSize();
        float[] generatedFeatures = classifier.features(generated);
        float[] realFeatures = classifier.features(realImages);
        double[] distances = new double[classifier.classes()];
        for (int k = 0; k < distances.length; k++) {
            FeatureStatistics fake = ofClass(generatedFeatures, askedLabels, k, dimension);
            FeatureStatistics real = ofClass(realFeatures, realLabels, k, dimension);
            // A class with too few images has no covariance worth the name; NaN says so rather than a wild number.
            distances[k] = fake == null || real == null ? Double.NaN : FrechetDistance.between(real, fake).distance();
        }
        return distances;
    }

    private static FeatureStatistics ofClass(float[] features, int[] labels, int label, int dimension) {
        int count = 0;
        for (int l : labels) {
            count += l == label ? 1 : 0;
        }
        if (count <= dimension) {
            return null;
        }
        float[] selected = new float[count * dimension];
        int row = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                System.arraycopy(features, i * dimension, selected, row++ * dimension, dimension);
            }
        }
        return FeatureStatistics.of(selected, count, dimension);
    }
}
