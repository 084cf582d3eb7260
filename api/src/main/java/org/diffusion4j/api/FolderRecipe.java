package org.diffusion4j.api;

import java.util.Locale;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.training.TrainingConfig;

/**
 * The training recipe a run on an image folder gets when no preset is named: sized to the folder instead of to MNIST's
 * 54,000 digits. The MNIST quality preset (batch 128 at 2e-3) diverged on the Noto emoji and gave a folder of a few
 * thousand images a few hundred steps; a folder smaller than its batch was refused. Here:
 * <ul>
 * <li>batch 64, or for a small folder the largest power of two at most a quarter of its training images (at least 1),
 *     so even a folder of a few images trains;</li>
 * <li>learning rate 1e-3 (2e-3 diverged on the emoji, docs/RESULTS.md section 6), warm-up a tenth of the steps up to 500,
 *     cosine decay;</li>
 * <li>50 passes over the images' worth of steps, at least 2,000 and at most 8,000 at 32x32 (scaled by the pixel count:
 *     about 45 minutes of 2 CPU cores for the colour U-Net at 32x32);</li>
 * <li>EMA 0.9995 from 4,000 steps on, 0.999 below (a short run's average must forget its start sooner);</li>
 * <li>the network predicts v, not the noise: at the cosine schedule's noisiest steps the signal rate is near 0, so a
 *     noise prediction's clean-image estimate divides its error by it, and a colour folder's samples came out as
 *     saturated squares where v's came out as emoji on white (docs/RESULTS.md section 12).</li>
 * </ul>
 * The chosen values are printed when the run starts and kept in training.json like any preset's.
 */
public final class FolderRecipe {

    /** The batch of a folder large enough for it: what the emoji's best run used. */
    public static final int BATCH_SIZE = 64;
    /** 1e-3: the rate at which the emoji trained and 2e-3 diverged. */
    public static final double LEARNING_RATE = 1e-3;
    static final int MIN_STEPS = 2_000;
    static final int MAX_STEPS_AT_32 = 8_000;
    static final int PASSES = 50;

    private FolderRecipe() {
    }

    /** The recipe for {@code trainingImages} images (the held-out tenth excluded) of {@code imageSize} x {@code imageSize}. */
    public static TrainingConfig.Builder forFolder(int trainingImages, int imageSize) {
        if (trainingImages < 1) {
            throw new IllegalArgumentException("the folder has no training images");
        }
        int batch = batchSize(trainingImages);
        int stepsPerEpoch = Math.max(1, trainingImages / batch);
        long steps = steps(trainingImages, batch, imageSize);
        int epochs = (int) Math.max(1, (steps + stepsPerEpoch - 1) / stepsPerEpoch);
        long actualSteps = (long) epochs * stepsPerEpoch;
        return TrainingConfig.builder().epochs(epochs).batchSize(batch).learningRate(LEARNING_RATE)
                .warmupSteps((int) Math.min(500, actualSteps / 10)).cosineDecay(true).emaDecay(actualSteps >= 4_000 ? 0.9995 : 0.999)
                .initialization(Initialization.FAN_IN_ZERO_BRANCHES).prediction(Prediction.V);
    }

    /** 64, or the largest power of two at most a quarter of the images. */
    static int batchSize(int trainingImages) {
        int batch = Integer.highestOneBit(Math.max(1, trainingImages / 4));
        return Math.min(BATCH_SIZE, batch);
    }

    static long steps(int trainingImages, int batch, int imageSize) {
        double pixels = (imageSize * imageSize) / (32.0 * 32.0);
        long most = Math.max(MIN_STEPS, Math.round(MAX_STEPS_AT_32 / pixels));
        return Math.max(MIN_STEPS, Math.min(most, (long) PASSES * trainingImages / batch));
    }

    /** The line `train` prints: what the folder's size chose. */
    public static String describe(TrainingConfig config, int trainingImages, int stepsPerEpoch) {
        return String.format(Locale.ROOT, "folder recipe for %d training images: batch %d, %d epochs (%d steps), learning rate %.0e with %d "
                        + "warm-up steps and cosine decay, EMA %s, predicting %s, class balance %s", trainingImages, config.batchSize(), config.epochs(),
                (long) config.epochs() * stepsPerEpoch, config.learningRate(), config.warmupSteps(), config.emaDecay(),
                config.prediction(), config.classBalance());
    }
}
