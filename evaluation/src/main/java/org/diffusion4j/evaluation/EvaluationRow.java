package org.diffusion4j.evaluation;

import java.util.List;

/**
 * One row of document 000's table: a set of images scored against the reference (the MNIST test set).
 *
 * @param predictedCounts how many images the classifier put in each class
 * @param nearestMeanCounts how many images were nearest to each class mean image
 * @param warnings          from the Fréchet distance (singular covariances, clamped eigenvalues)
 */
public record EvaluationRow(String name, int count, double fld, double kidMean, double kidStandardDeviation,
                            double meanImageDistance, int[] predictedCounts, int[] nearestMeanCounts, List<String> warnings) {
}
