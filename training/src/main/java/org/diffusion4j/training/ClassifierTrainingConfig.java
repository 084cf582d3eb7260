package org.diffusion4j.training;

import java.util.Locale;

/**
 * How LeNet-5 is trained. Built with {@link #builder()}, whose defaults, in brackets below, are the recipe
 * behind the classifier the project ships.
 *
 * @param epochs       passes over the training set [12]
 * @param batchSize    images per step [128]
 * @param learningRate Adam's rate at the start; it follows a half cosine down to zero over the run, which
 *                     settles the weights at the end instead of leaving them to jitter at a fixed rate [1e-3]
 * @param maxShift     random translation of each training image by up to this many pixels on each axis
 *                     (0: none); digits are not always centred, and the shifts keep the model from relying on it [2]
 * @param validationFraction part of the training set held out to report accuracy after each epoch [0.1]
 * @param seed         seed of every random draw [7]
 * @param threads      TensorFlow intra-op threads (0: one per processor) [0]
 */
public record ClassifierTrainingConfig(int epochs, int batchSize, double learningRate, int maxShift,
                                       double validationFraction, long seed, int threads) {

    /** The recipe behind the classifier the project ships: every field at its default. */
    public static ClassifierTrainingConfig standard() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    public ClassifierTrainingConfig {
        if (epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("epochs and batch size must be positive (got " + epochs + ", " + batchSize + ")");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (maxShift < 0 || maxShift > 6) {
            throw new IllegalArgumentException("--max-shift must be in 0..6 pixels, got " + maxShift);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
    }

    /** Cosine decay from learningRate to 0 over totalSteps. */
    public double learningRateAt(long step, long totalSteps) {
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, step / (double) totalSteps)));
    }

    /** One line for people, stored in classifier.json. */
    public String summary() {
        return String.format(Locale.ROOT, "%d epochs, batch %d, Adam %.1e with cosine decay, shifts up to %d px, seed %d",
                epochs, batchSize, learningRate, maxShift, seed);
    }

    /** Collects a configuration field by field; {@link #build} checks it. */
    public static final class Builder {
        private int epochs = 12;
        private int batchSize = 128;
        private double learningRate = 1e-3;
        private int maxShift = 2;
        private double validationFraction = 0.1;
        private long seed = 7;
        private int threads;

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

        public Builder maxShift(int value) {
            maxShift = value;
            return this;
        }

        public Builder validationFraction(double value) {
            validationFraction = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public ClassifierTrainingConfig build() {
            return new ClassifierTrainingConfig(epochs, batchSize, learningRate, maxShift, validationFraction, seed, threads);
        }
    }
}
