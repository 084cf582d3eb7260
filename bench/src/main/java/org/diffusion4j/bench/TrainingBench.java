package org.diffusion4j.bench;

import java.util.SplittableRandom;
import org.diffusion4j.training.TrainingBatch;
import org.diffusion4j.training.TrainingGraph;

/** Times whole training steps (noising, forward, backward, Adam, EMA) of a training graph. */
public final class TrainingBench {

    private static final double LEARNING_RATE = 1e-3;
    private static final double EMA_DECAY = 0.999;

    private TrainingBench() {
    }

    /** Seconds per step at one batch size, on random images in [-1, 1] (the cost does not depend on them). */
    public static Stats secondsPerStep(TrainingGraph training, int imageSize, int channels, int batchSize, int warmups,
                                       int repeats) {
        float[] batch = new float[batchSize * imageSize * imageSize * channels];
        SplittableRandom random = new SplittableRandom(batchSize);
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) (random.nextDouble() * 2 - 1);
        }
        long[] step = {0};
        return RepeatedTiming.seconds(warmups, repeats,
                () -> training.step(TrainingBatch.unlabelled(batch, batchSize, 0, step[0]++), LEARNING_RATE, EMA_DECAY));
    }
}
