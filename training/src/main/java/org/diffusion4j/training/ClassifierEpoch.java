package org.diffusion4j.training;

/** One finished epoch (1-based) of classifier training: the summary every trainer gives, and the validation accuracy. */
public record ClassifierEpoch(EpochSummary summary, double validationAccuracy) {

    public int epoch() {
        return summary.epoch();
    }

    public long step() {
        return summary.step();
    }

    public double trainLoss() {
        return summary.trainLoss();
    }

    public double validationLoss() {
        return summary.validationLoss();
    }

    public double learningRate() {
        return summary.learningRate();
    }

    public double imagesPerSecond() {
        return summary.imagesPerSecond();
    }

    public double elapsedSeconds() {
        return summary.elapsedSeconds();
    }
}
