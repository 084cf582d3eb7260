package org.diffusion4j.training;

/** One finished epoch (1-based) of classifier training. */
public record ClassifierEpoch(int epoch, long step, double trainLoss, double validationLoss, double validationAccuracy,
                              double learningRate, double imagesPerSecond, double elapsedSeconds) {
}
