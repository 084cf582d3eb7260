package org.diffusion4j.training;

/** What the trainer needs of a data set: images in [-1, 1], NHWC, copied into a reusable buffer. */
public interface TrainingData {

    int size();

    int height();

    int width();

    int channels();

    /** Copies images {@code indices[from .. from+count)} into {@code into}, which holds count images. */
    void copyImages(int[] indices, int from, int count, float[] into);

    /** Copies the class labels of the same images, for conditional models. */
    default void copyLabels(int[] indices, int from, int count, int[] into) {
        throw new UnsupportedOperationException("this data set has no labels, so it cannot train a conditional model");
    }
}
