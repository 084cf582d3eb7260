package org.diffusion4j.training;

import org.diffusion4j.datasets.ImageFolderDataset;

/**
 * Adapts a folder of images to what the trainer reads, with their class labels and, optionally, random horizontal
 * flips.
 *
 * <p>Whether an image is flipped is drawn from the run's seed, the image and the place the epoch's permutation gives it
 * ({@code indices[from + i]} and {@code from + i}), nothing else. The trainer recomputes each epoch's permutation from
 * (seed, epoch), so a resumed run flips exactly the images an uninterrupted one does, while the same image usually lands
 * at another place, and so gets a fresh draw, in every epoch.
 *
 * @param dataset  the images
 * @param flipSeed the run's seed, when images are flipped at random
 * @param flip     whether to flip half of the images, at random, left to right
 */
public record FolderTrainingData(ImageFolderDataset dataset, long flipSeed, boolean flip) implements TrainingData {

    /** The images as they are: for validation, and for runs without --random-flip. */
    public static FolderTrainingData plain(ImageFolderDataset dataset) {
        return new FolderTrainingData(dataset, 0, false);
    }

    /** Each image mirrored with probability 1/2, drawn from {@code seed} and its place in the epoch. */
    public static FolderTrainingData randomlyFlipped(ImageFolderDataset dataset, long seed) {
        return new FolderTrainingData(dataset, seed, true);
    }

    @Override
    public int size() {
        return dataset.size();
    }

    @Override
    public int height() {
        return dataset.imageSize();
    }

    @Override
    public int width() {
        return dataset.imageSize();
    }

    @Override
    public int channels() {
        return dataset.channels();
    }

    @Override
    public void copyImages(int[] indices, int from, int count, float[] into) {
        if (from < 0 || count < 0 || from + count > indices.length) {
            throw new IndexOutOfBoundsException("images [" + from + ", " + (from + count) + ") of " + indices.length + " indices");
        }
        int length = dataset.imageLength();
        for (int i = 0; i < count; i++) {
            int position = from + i;
            dataset.copyImage(indices[position], into, i * length, flip && flipped(indices[position], position));
        }
    }

    @Override
    public void copyLabels(int[] indices, int from, int count, int[] into) {
        for (int i = 0; i < count; i++) {
            into[i] = dataset.label(indices[from + i]);
        }
    }

    /** A fair coin from (seed, image, place): SplitMix64's finaliser over the three mixed together. */
    boolean flipped(int image, int position) {
        long z = flipSeed * 0x9E3779B97F4A7C15L + image * 0xC2B2AE3D27D4EB4FL + position * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return ((z ^ (z >>> 31)) & 1) == 1;
    }
}
