package org.diffusion4j.training;

import java.util.Objects;

/**
 * One batch as the training graph takes it, with what seeds its random draws. The noise, timesteps and dropped
 * labels come from (seed, index) alone, so the same batch fed again is the same step.
 *
 * @param images the first {@code count} images, NHWC in [-1, 1]; read, not copied, so one buffer serves every step
 * @param labels their classes for a conditional model, null for an unconditional one
 * @param count  images in the batch
 * @param seed   the run's seed
 * @param index  the step in training, the batch number in validation
 */
public record TrainingBatch(float[] images, int[] labels, int count, long seed, long index) {

    public TrainingBatch {
        Objects.requireNonNull(images, "images");
    }

    /** A batch for an unconditional model. */
    public static TrainingBatch unlabelled(float[] images, int count, long seed, long index) {
        return new TrainingBatch(images, null, count, seed, index);
    }
}
