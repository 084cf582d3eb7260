package org.diffusion4j.evaluation;

/** Turns a classifier's probabilities into labels, accuracies and label histograms. */
public final class Predictions {

    private Predictions() {
    }

    /** The most probable class of each row of a row-major [count, classes] array. */
    public static int[] labels(float[] probabilities, int classes) {
        int count = probabilities.length / classes;
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (probabilities[i * classes + k] > probabilities[i * classes + best]) {
                    best = k;
                }
            }
            labels[i] = best;
        }
        return labels;
    }

    /** Fraction of predictions equal to the truth. */
    public static double accuracy(int[] predicted, int[] truth) {
        if (predicted.length != truth.length || truth.length == 0) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + truth.length + " labels");
        }
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return correct / (double) truth.length;
    }

    /** How many times each class 0..classes-1 occurs. */
    public static int[] histogram(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Fraction of rows whose most probable class has a probability above {@code threshold}. */
    public static double confidentShare(float[] probabilities, int classes, double threshold) {
        int count = probabilities.length / classes;
        int confident = 0;
        for (int i = 0; i < count; i++) {
            float best = 0;
            for (int k = 0; k < classes; k++) {
                best = Math.max(best, probabilities[i * classes + k]);
            }
            confident += best > threshold ? 1 : 0;
        }
        return count == 0 ? 0 : confident / (double) count;
    }
}
