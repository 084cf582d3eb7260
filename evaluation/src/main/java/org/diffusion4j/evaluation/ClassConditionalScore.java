package org.diffusion4j.evaluation;

import org.diffusion4j.core.classifiers.Classifier;
import org.diffusion4j.core.images.ImageBatch;

/**
 * How well images asked for by class match their class, as one classifier sees them: the share classified as
 * the asked-for digit (overall and per class) and, when the classifier has features, the Fréchet distance of
 * each class's images to the real images of that class.
 *
 * @param askedCounts        how many images were asked to be each class
 * @param classAccuracy      share of the images asked to be class k that the classifier labels k (null for a class none
 *                           were asked for)
 * @param classFld           per class k: FLD between generated class-k images and real class-k images; null without
 *                           features; an entry is null when either side has fewer than {@code classFldMinimumImages}
 * @param classFldMinimumImages images a class needs on both sides for its distance: one more than the features, below
 *                           which their covariance is singular and the distance a wild number
 * @param realClassAccuracy  per class k: the share of the real class-k images the classifier labels k (null for a class
 *                           with none), what a generator that drew real images would score in {@code classAccuracy}; null
 *                           in reports written before it existed
 */
public record ClassConditionalScore(String classifier, int count, double accuracy, int[] askedCounts, Double[] classAccuracy,
                                    Double[] classFld, int classFldMinimumImages, Double[] realClassAccuracy) {

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
        for (int label : askedLabels) {
            asked[label]++;
        }
        Double[] classAccuracy = shareRightPerClass(predicted, askedLabels, classes);
        double accuracy = Predictions.accuracy(predicted, askedLabels);
        Double[] classFld = classifier.featureSize() == 0 ? null
                : classFld(classifier, generated, askedLabels, realImages, realLabels);
        Double[] realClassAccuracy = shareRightPerClass(Predictions.labels(classifier.probabilities(realImages), classes), realLabels, classes);
        return new ClassConditionalScore(name, generated.count(), accuracy, asked, classAccuracy, classFld, classifier.featureSize() + 1,
                realClassAccuracy);
    }

    private static Double[] shareRightPerClass(int[] predicted, int[] labels, int classes) {
        int[] count = new int[classes];
        int[] right = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            count[labels[i]]++;
            right[labels[i]] += predicted[i] == labels[i] ? 1 : 0;
        }
        Double[] shares = new Double[classes];
        for (int k = 0; k < classes; k++) {
            shares[k] = count[k] == 0 ? null : right[k] / (double) count[k];
        }
        return shares;
    }

    private static Double[] classFld(Classifier classifier, ImageBatch generated, int[] askedLabels, ImageBatch realImages,
                                     int[] realLabels) {
        int dimension = classifier.featureSize();
        float[] generatedFeatures = classifier.features(generated);
        float[] realFeatures = classifier.features(realImages);
        Double[] distances = new Double[classifier.classes()];
        for (int k = 0; k < distances.length; k++) {
            FeatureStatistics fake = ofClass(generatedFeatures, askedLabels, k, dimension);
            FeatureStatistics real = ofClass(realFeatures, realLabels, k, dimension);
            distances[k] = fake == null || real == null ? null : FrechetDistance.between(real, fake).distance();
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
