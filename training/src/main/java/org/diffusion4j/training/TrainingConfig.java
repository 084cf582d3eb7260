package org.diffusion4j.training;

import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.Precision;

/**
 * Hyper-parameters of one training run. Saved as JSON in the run folder; a resumed run uses the saved copy.
 * Built with {@link #builder()}, whose defaults, in brackets below, are document 000's recipe.
 *
 * @param epochs passes over the training set [15]
 * @param batchSize images per step [32]
 * @param learningRate Adam's peak learning rate [1e-3]
 * @param warmupSteps linear learning-rate warm-up from 0 over this many steps (0: none; at most a quarter of the run) [0]
 * @param cosineDecay decay the learning rate to 0 along a half cosine over the whole run [false]
 * @param loss how each pixel's noise error counts (absent in older runs: MSE) [MSE]
 * @param emaDecay decay of the exponential moving average of the weights (0: no averaging) [0.999]
 * @param seed seed of every random draw [0]
 * @param checkpointEverySteps extra checkpoints inside an epoch (0: only at epoch ends) [0]
 * @param threads TensorFlow intra-op threads (0: one per processor) [0]
 * @param initialization how fresh weights are drawn (absent in runs saved before it existed: GLOROT, what they
 *                       used) [GLOROT]
 * @param labelDropout probability that a conditional model sees "no label" for an image, so it also learns the
 *                     unconditional prediction that classifier-free guidance needs (ignored by unconditional models;
 *                     absent in older runs: 0) [0]
 * @param precision how TensorFlow computes the steps (absent in older runs: FP32); weights stay float32 either way [FP32]
 * @param minSnrGamma Min-SNR-gamma loss weighting (Hang et al., 2023): each image's noise error is weighted by
 *                    min(SNR(t), gamma) / SNR(t), which caps the weight of the nearly clean steps in clean-image terms,
 *                    so they stop pulling the shared weights away from the noisy steps where a sample's shape is
 *                    decided (0, and in older runs: every step weighted alike) [0]
 * @param classBalance how a conditional model's batches share out its classes: 0 as the data holds them, 1 every class
 *                     alike, between a class of n images in proportion to n^(1 - balance); a folder's small classes
 *                     otherwise get few steps (0, and in older runs: the data's own mix) [0]
 * @param prediction what the network learns to output, EPS (the noise) or V; the run's model.json records it too, for
 *                   sampling (absent in older runs: EPS) [EPS]
 * @param gradientClipNorm the global norm a step's gradient is scaled down to when longer (0, and in older runs:
 *                         never) [0]
 */
public record TrainingConfig(int epochs, int batchSize, double learningRate, int warmupSteps, boolean cosineDecay,
                             LossType loss, double emaDecay, long seed, int checkpointEverySteps, int threads,
                             Initialization initialization, double labelDropout, Precision precision, double minSnrGamma,
                             double classBalance, Prediction prediction, double gradientClipNorm) {

    public TrainingConfig {
        // Null only where Jackson reads a training.json from before the field existed: what those runs used.
        if (initialization == null) {
            initialization = Initialization.GLOROT;
        }
        if (precision == null) {
            precision = Precision.FP32;
        }
        if (loss == null) {
            loss = LossType.MSE;
        }
        if (prediction == null) {
            prediction = Prediction.EPS;
        }
        if (epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("epochs and batch size must be positive (got " + epochs + ", " + batchSize + ")");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (emaDecay < 0 || emaDecay >= 1) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + emaDecay);
        }
        new TrainingObjective(loss, labelDropout, minSnrGamma, prediction, gradientClipNorm); // checks the objective's settings
        if (!(classBalance >= 0 && classBalance <= 1)) {
            throw new IllegalArgumentException("class balance must be in [0, 1] (0: the data's own mix, 1: every class alike), got "
                    + classBalance);
        }
        if (warmupSteps < 0 || checkpointEverySteps < 0) {
            throw new IllegalArgumentException("warm-up steps and checkpoint interval must not be negative");
        }
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every field at its default. */
    public static TrainingConfig defaults() {
        return builder().build();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder().epochs(epochs).batchSize(batchSize).learningRate(learningRate).warmupSteps(warmupSteps)
                .cosineDecay(cosineDecay).loss(loss).emaDecay(emaDecay).seed(seed).checkpointEverySteps(checkpointEverySteps)
                .threads(threads).initialization(initialization).labelDropout(labelDropout).precision(precision)
                .minSnrGamma(minSnrGamma).classBalance(classBalance).prediction(prediction)
                .gradientClipNorm(gradientClipNorm);
    }

    /**
     * Learning rate at a 0-based step of a run of totalSteps. A warm-up longer than a quarter of the run is cut
     * to a quarter: a preset shortened with --epochs or --limit would otherwise end before its rate had risen.
     */
    public double learningRateAt(long step, long totalSteps) {
        double rate = learningRate;
        long warmup = totalSteps > 0 ? Math.min(warmupSteps, Math.max(1, totalSteps / 4)) : warmupSteps;
        if (warmup > 0 && step < warmup) {
            rate *= (step + 1) / (double) warmup;
        }
        if (cosineDecay && totalSteps > 0) {
            rate *= 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, step / (double) totalSteps)));
        }
        return rate;
    }

    /**
     * EMA decay at a step: ramps up from small values so the average is not dominated by the random
     * initial weights in short runs.
     */
    public double emaDecayAt(long step) {
        return Math.min(emaDecay, (1.0 + step) / (10.0 + step));
    }

    /** The loss, label dropout, Min-SNR weighting, target and gradient clipping: what the training graph is built with. */
    public TrainingObjective objective() {
        return new TrainingObjective(loss, labelDropout, minSnrGamma, prediction, gradientClipNorm);
    }

    /** This configuration trained for another number of epochs (what `--resume --epochs N` changes). */
    public TrainingConfig withEpochs(int newEpochs) {
        return toBuilder().epochs(newEpochs).build();
    }

    /** This configuration computing in another precision (what `--resume --precision P` changes). */
    public TrainingConfig withPrecision(Precision newPrecision) {
        return toBuilder().precision(newPrecision).build();
    }

    /** This configuration with another label dropout probability. */
    public TrainingConfig withLabelDropout(double probability) {
        return toBuilder().labelDropout(probability).build();
    }

    /** Collects a configuration field by field; {@link #build} checks it. */
    public static final class Builder {
        private int epochs = 15;
        private int batchSize = 32;
        private double learningRate = 1e-3;
        private int warmupSteps;
        private boolean cosineDecay;
        private LossType loss = LossType.MSE;
        private double emaDecay = 0.999;
        private long seed;
        private int checkpointEverySteps;
        private int threads;
        private Initialization initialization = Initialization.GLOROT;
        private double labelDropout;
        private Precision precision = Precision.FP32;
        private double minSnrGamma;
        private double classBalance;
        private Prediction prediction = Prediction.EPS;
        private double gradientClipNorm;

        private Builder() {
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder warmupSteps(int value) {
            warmupSteps = value;
            return this;
        }

        public Builder cosineDecay(boolean value) {
            cosineDecay = value;
            return this;
        }

        public Builder loss(LossType value) {
            loss = value;
            return this;
        }

        public Builder emaDecay(double value) {
            emaDecay = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder checkpointEverySteps(int value) {
            checkpointEverySteps = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder initialization(Initialization value) {
            initialization = value;
            return this;
        }

        public Builder labelDropout(double value) {
            labelDropout = value;
            return this;
        }

        public Builder precision(Precision value) {
            precision = value;
            return this;
        }

        public Builder minSnrGamma(double value) {
            minSnrGamma = value;
            return this;
        }

        public Builder classBalance(double value) {
            classBalance = value;
            return this;
        }

        public Builder prediction(Prediction value) {
            prediction = value;
            return this;
        }

        public Builder gradientClipNorm(double value) {
            gradientClipNorm = value;
            return this;
        }

        /** The configuration; throws IllegalArgumentException naming the first value out of range. */
        public TrainingConfig build() {
            return new TrainingConfig(epochs, batchSize, learningRate, warmupSteps, cosineDecay, loss, emaDecay, seed,
                    checkpointEverySteps, threads, initialization, labelDropout, precision, minSnrGamma, classBalance,
                    prediction, gradientClipNorm);
        }
    }
}
