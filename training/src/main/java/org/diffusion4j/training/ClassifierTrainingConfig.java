package org.diffusion4j.training;

import java.util.Locale;

/**
 * How LeNet-5 is trained.
 *
 * @param learningRate Adam's rate at the start; it follows a half cosine down to zero over the run, which
 *                     settles the weights at the end instead of leaving them to jitter at a fixed rate
 * @param maxShift     random translation of each training image by up to this many pixels on each axis
 *                     (0: none); digits are not always centred, and the shifts keep the model from relying on it
 * @param validationFraction part of the training set held out to report accuracy after each epoch
 * @param threads      TensorFlow intra-op threads (0: one per processor)
 */
public record ClassifierTrainingConfig(int epochs, int batchSize, double learningRate, int maxShift,
                                       double validationFraction, long seed, int threads) {

    /** The recipe behind the classifier the project ships: 12 epochs, batch 128, Adam 1e-3, shifts of up to 2 pixels. */
    public static ClassifierTrainingConfig standard() {
        return new ClassifierTrainingConfig(12, 128, 1e-3, 2, 0.1, 7, 0);
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
}
