package org.diffusion4j.core.classifiers;

import org.diffusion4j.core.images.ImageBatch;

/**
 * A digit classifier used as a judge of generated images: the project's own LeNet-5 or an imported model.
 * Inputs are NHWC batches with pixels in [-1, 1] (the project's convention); implementations convert to
 * whatever their model was trained on.
 */
public interface Classifier extends AutoCloseable {

    int height();

    int width();

    int channels();

    int classes();

    /** Width of the feature vector that {@link #features} returns (84 for LeNet-5's penultimate layer). */
    int featureSize();

    /** Class probabilities, row-major [count, classes]. */
    float[] probabilities(ImageBatch images);

    /** Penultimate activations, row-major [count, featureSize]: what the Fréchet distance compares. */
    float[] features(ImageBatch images);

    /** A stable identifier of the weights, so cached statistics are never reused for another model. */
    String fingerprint();

    @Override
    default void close() {
    }
}
