package org.diffusion4j.core.denoisers;

import org.diffusion4j.core.images.ImageBatch;

/**
 * A denoiser trained with class labels, one of them ({@link #classes()}) meaning "no label". Its plain
 * {@link #predictNoise(ImageBatch, int[])} is the unconditional prediction; {@link GuidedDenoiser} mixes the
 * two for classifier-free guidance.
 */
public interface ConditionalDenoiser extends Denoiser {

    /** Number of real classes; the label equal to it asks for the unconditional prediction. */
    int classes();

    /** Predicts the noise given each image's label (0..classes, where classes means "no label"). */
    ImageBatch predictNoise(ImageBatch noisyImages, int[] timesteps, int[] labels);

    /** Fails with the allowed range when a label is out of it or the counts differ. */
    static void checkLabels(ConditionalDenoiser denoiser, int[] labels, int images) {
        if (labels.length != images) {
            throw new IllegalArgumentException("got " + labels.length + " labels for " + images + " images; give one label per image");
        }
        for (int label : labels) {
            if (label < 0 || label > denoiser.classes()) {
                throw new IllegalArgumentException("label " + label + " is outside 0.." + (denoiser.classes() - 1)
                        + " (or " + denoiser.classes() + " for no label)");
            }
        }
    }
}
