package org.diffusion4j.training;

import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.PixelUnits;
import org.diffusion4j.models.networks.VitConfig;

/**
 * Training images as document 004's notebook shows them to its ViT: in the network's data units (its pixel scale;
 * the notebook's x / 256 - 0.5 is 0.5 of [-1, 1]), and each image {@code repeats} times in a row of the batch, so
 * that the training graph, which draws fresh noise and a fresh noise level for every row, noises it that many times
 * (the notebook's n_repeat: 5 images noised 100 times make a step of 500 pairs).
 *
 * <p>The data set looks {@code repeats} times as large, so a batch and an epoch count pairs: an epoch is as many
 * steps as the notebook's (60,000 images in batches of 5 images make its 12,000 steps). The trainer's permutation of
 * that larger range picks each group's image: a group of rows {@code repeats} long starting at batch position g
 * shows image {@code indices[from + g] / repeats}. Each group's image is then a uniform draw, and an epoch shows as
 * many images as the data set has, but like draws with replacement: about 1 - 1/e (63%) of them, some twice, and
 * now and then one image in two groups of a step. (The notebook walks its images in order.) No random draw of its
 * own: what it shows follows from the trainer's seeded order.
 */
public final class VitTrainingData implements TrainingData {

    private final TrainingData images;
    private final double scale;
    private final int repeats;

    VitTrainingData(TrainingData images, double scale, int repeats) {
        if (!(scale > 0) || repeats < 1) {
            throw new IllegalArgumentException("need a positive scale and at least one repeat, got " + scale + " and " + repeats);
        }
        this.images = images;
        this.scale = scale;
        this.repeats = repeats;
    }

    /** The training data a network needs: scaled to its pixel units, each image repeated as a ViT asks; else as given. */
    public static TrainingData forTraining(NetworkConfig network, TrainingData data) {
        int repeats = network instanceof VitConfig vit ? vit.noiseRepeats() : 1;
        return network.pixelScale() == 1 && repeats == 1 ? data : new VitTrainingData(data, network.pixelScale(), repeats);
    }

    /** Validation data in the network's pixel units, each image once: a validation batch is that many distinct images. */
    public static TrainingData forValidation(NetworkConfig network, TrainingData data) {
        return network.pixelScale() == 1 || data == null ? data : new VitTrainingData(data, network.pixelScale(), 1);
    }

    @Override
    public int size() {
        return images.size() * repeats;
    }

    @Override
    public int height() {
        return images.height();
    }

    @Override
    public int width() {
        return images.width();
    }

    @Override
    public int channels() {
        return images.channels();
    }

    @Override
    public void copyImages(int[] indices, int from, int count, float[] into) {
        images.copyImages(sources(indices, from, count), 0, count, into);
        PixelUnits.toNetwork(into, count * height() * width() * channels(), scale);
    }

    @Override
    public void copyLabels(int[] indices, int from, int count, int[] into) {
        images.copyLabels(sources(indices, from, count), 0, count, into);
    }

    /** For each of the batch's rows, the image it shows: groups of {@code repeats} rows share one. */
    int[] sources(int[] indices, int from, int count) {
        int[] rows = new int[count];
        for (int k = 0; k < count; k++) {
            rows[k] = indices[from + (k / repeats) * repeats] / repeats;
        }
        return rows;
    }
}
