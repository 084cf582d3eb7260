package org.diffusion4j.training;

import org.diffusion4j.datasets.MnistDataset;

/** Adapts an MNIST-format data set to what the trainer reads. */
public record DatasetTrainingData(MnistDataset dataset) implements TrainingData {

    @Override
    public int size() {
        return dataset.size();
    }

    @Override
    public int height() {
        return dataset.height();
    }

    @Override
    public int width() {
        return dataset.width();
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public void copyImages(int[] indices, int from, int count, float[] into) {
        dataset.copyImages(indices, from, count, into);
    }

    @Override
    public void copyLabels(int[] indices, int from, int count, int[] into) {
        for (int i = 0; i < count; i++) {
            into[i] = dataset.label(indices[from + i]);
        }
    }
}
