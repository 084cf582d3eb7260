package org.diffusion4j.core.classifiers;

import org.diffusion4j.core.images.ImageBatch;

/**
 * A digit classifier used as a judge of generated images: the project's own LeNet-5 or an imported model.
 * Inputs are NHWC batches with pixels in [-1, 1] (the project's convention); implementations convert to
 * whatever their model was trained on.
 */
public interface Classifier extends FeatureExtractor {

    int height();

    int width();

    int channels();

    int classes();

    /** Class probabilities, row-major [count, classes]. */
    float[] probabilities(ImageBatch images);
}
