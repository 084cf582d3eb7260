package org.diffusion4j.evaluation;

import org.diffusion4j.core.classifiers.Classifier;
import org.diffusion4j.datasets.MnistDataset;

/** Top-1 accuracy of any {@link Classifier} on the first images of a data set, in batches. */
public final class ClassifierAccuracy {

    private ClassifierAccuracy() {
    }

    public static double measure(Classifier classifier, MnistDataset data, int count, int batchSize) {
        int n = Math.min(count, data.size());
        int correct = 0;
        for (int from = 0; from < n; from += batchSize) {
            int[] indices = java.util.stream.IntStream.range(from, Math.min(n, from + batchSize)).toArray();
            float[] probabilities = classifier.probabilities(data.batch(indices));
            int classes = classifier.classes();
            for (int k = 0; k < indices.length; k++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    best = probabilities[k * classes + c] > probabilities[k * classes + best] ? c : best;
                }
                correct += best == data.label(indices[k]) ? 1 : 0;
            }
        }
        return correct / (double) n;
    }
}
