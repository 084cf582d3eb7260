package org.diffusion4j.core.classifiers;

import org.diffusion4j.core.images.ImageBatch;

/**
 * Turns images into the feature vectors a Fréchet distance and KID compare: a classifier's penultimate layer (LeNet-5
 * for the FLD), or any model that maps images to vectors, such as an InceptionV3 with average pooling (the FID's).
 * Inputs are NHWC batches with pixels in [-1, 1]; implementations convert them to what their model takes.
 */
public interface FeatureExtractor extends AutoCloseable {

    /** Width of the feature vectors {@link #features} returns (84 for LeNet-5's penultimate layer). */
    int featureSize();

    /** Feature vectors, row-major [count, featureSize]. */
    float[] features(ImageBatch images);

    /** A stable identifier of the weights, so cached statistics are never reused for another model. */
    String fingerprint();

    @Override
    default void close() {
    }
}
