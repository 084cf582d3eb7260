package org.diffusion4j.training;

import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.Precision;

/**
 * Hyper-parameters of one training run. Saved as JSON in the run folder; a resumed run uses the saved copy.
 *
 * @param warmupSteps linear learning-rate warm-up from 0 over this many steps (0: none; at most a quarter of the run)
 * @param cosineDecay decay the learning rate to 0 along a half cosine over the whole run
 * @param emaDecay decay of the exponential moving average of the weights (0: no averaging)
 * @param checkpointEverySteps extra checkpoints inside an epoch (0: only at epoch ends)
 * @param threads TensorFlow intra-op threads (0: one per processor)
 * @param initialization how fresh weights are drawn (absent in runs saved before it existed: GLOROT, what they used)
 * @param labelDropout probability that a conditional model sees "no label" for an image, so it also learns the
 *                     unconditional prediction that classifier-free guidance needs (ignored by unconditional models)
 * @param precision how TensorFlow computes the steps (absent in older runs: FP32); weights stay float32 either way
 * @param minSnrGamma Min-SNR-gamma loss weighting (Hang et al., 2023): each image's noise error is weighted by
 *                    min(SNR(t), gamma) / SNR(t), which caps the weight of the nearly clean steps in clean-image terms,
 *                    so they stop pulling the shared weights away from the noisy steps where a sample's shape is
 *                    decided (0, and in older runs: every step weighted alike)
 */
public record TrainingConfig(int epochs, int batchSize, double learningRate, int warmupSteps, boolean cosineDecay,
                             LossType loss, double emaDecay, long seed, int checkpointEverySteps, int threads,
                             Initialization initialization, double labelDropout, Precision precision, double minSnrGamma) {

    /** A configuration with every timestep's loss weighted alike. */
    public TrainingConfig(int epochs, int batchSize, double learningRate, int warmupSteps, boolean cosineDecay,
                          LossType loss, double emaDecay, long seed, int checkpointEverySteps, int threads,
                          Initialization initialization, double labelDropout, Precision precision) {
        this(epochs, batchSize, learningRate, warmupSteps, cosineDecay, loss, emaDecay, seed, checkpointEverySteps, threads,
                initialization, labelDropout, precision, 0.0);
    }

    /** A float32 configuration. */
    public TrainingConfig(int epochs, int batchSize, double learningRate, int warmupSteps, boolean cosineDecay,
                          LossType loss, double emaDecay, long seed, int checkpointEverySteps, int threads,
                          Initialization initialization, double labelDropout) {
        this(epochs, batchSize, learningRate, warmupSteps, cosineDecay, loss, emaDecay, seed, checkpointEverySteps, threads,
                initialization, labelDropout, Precision.FP32);
    }

    /** A float32 configuration with no label dropout, for unconditional models. */
    public TrainingConfig(int epochs, int batchSize, double learningRate, int warmupSteps, boolean cosineDecay,
                          LossType loss, double emaDecay, long seed, int checkpointEverySteps, int threads,
                          Initialization initialization) {
        this(epochs, batchSize, learningRate, warmupSteps, cosineDecay, loss, emaDecay, seed, checkpointEverySteps, threads,
                initialization, 0.0);
    }

    public TrainingConfig {
        if (initialization == null) {
            initialization = Initialization.GLOROT;
        }
        if (precision == null) {
            precision = Precision.FP32;
        }
        if (loss == null) {
            loss = LossType.MSE;
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
        new TrainingObjective(loss, labelDropout, minSnrGamma); // checks the objective's three settings
        if (warmupSteps < 0 || checkpointEverySteps < 0) {
            throw new IllegalArgumentException("warm-up steps and checkpoint interval must not be negative");
        }
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

    /** The loss, label dropout and Min-SNR weighting, what the training graph is built with. */
    public TrainingObjective objective() {
        return new TrainingObjective(loss, labelDropout, minSnrGamma);
    }

    /** This configuration trained for another number of epochs (what `--resume --epochs N` changes). */
    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(newEpochs, batchSize, learningRate, warmupSteps, cosineDecay, loss, emaDecay, seed,
                checkpointEverySteps, threads, initialization, labelDropout, precision, minSnrGamma);
    }

    /** This configuration computing in another precision (what `--resume --precision P` changes). */
    public TrainingConfig withPrecision(Precision newPrecision) {
        return new TrainingConfig(epochs, batchSize, learningRate, warmupSteps, cosineDecay, loss, emaDecay, seed,
                checkpointEverySteps, threads, initialization, labelDropout, newPrecision, minSnrGamma);
    }

    /** This configuration with another label dropout probability. */
    public TrainingConfig withLabelDropout(double probability) {
        return new TrainingConfig(epochs, batchSize, learningRate, warmupSteps, cosineDecay, loss, emaDecay, seed,
                checkpointEverySteps, threads, initialization, probability, precision, minSnrGamma);
    }
}
