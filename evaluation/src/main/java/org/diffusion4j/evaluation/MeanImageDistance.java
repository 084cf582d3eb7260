package org.diffusion4j.evaluation;

import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.core.images.ImageBatch;

/**
 * Document 000's first score: for each image, the smallest Euclidean distance to the mean image of a
 * class, divided by the value count W*H*C (document 000's W*H for its grey digits), averaged over the images; plus
 * how many images were nearest to each class mean. Pixels are mapped from this project's [-1, 1] to document 000's [0, 1] first, so the
 * numbers compare with its table (test 0.0080, random 0.0913).
 */
public final class MeanImageDistance {

    private final float[][] classMeans;
    private final int height;
    private final int width;
    private final int channels;

    /** @param classMeans one mean image per class, pixels in [0, 1], row-major height x width x channels */
    public MeanImageDistance(float[][] classMeans, int height, int width, int channels) {
        this.classMeans = classMeans;
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    /** @param meanDistance the score; @param nearestCounts images nearest to each class mean */
    public record Result(double meanDistance, int[] nearestCounts) {
    }

    /** Class means of a labelled data set (document 000 uses the MNIST test set). */
    public static MeanImageDistance of(MnistDataset data, int classes) {
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return of(data.batch(all), data.labels(), classes);
    }

    /** Class means of labelled images, grey or colour. */
    public static MeanImageDistance of(ImageBatch images, int[] labels, int classes) {
        int size = images.imageSize();
        double[][] sums = new double[classes][size];
        int[] counts = new int[classes];
        float[] pixels = images.pixels();
        for (int i = 0; i < images.count(); i++) {
            int label = labels[i];
            counts[label]++;
            for (int p = 0; p < size; p++) {
                sums[label][p] += toUnit(pixels[i * size + p]);
            }
        }
        float[][] means = new float[classes][size];
        for (int k = 0; k < classes; k++) {
            if (counts[k] == 0) {
                throw new IllegalArgumentException("class " + k + " has no images; the mean-image distance needs every class");
            }
            for (int p = 0; p < size; p++) {
                means[k][p] = (float) (sums[k][p] / counts[k]);
            }
        }
        return new MeanImageDistance(means, images.height(), images.width(), images.channels());
    }

    public Result score(ImageBatch images) {
        if (images.height() != height || images.width() != width || images.channels() != channels) {
            throw new IllegalArgumentException("the class means are " + height + "x" + width + "x" + channels + ", the images "
                    + images.height() + "x" + images.width() + "x" + images.channels());
        }
        int size = height * width * channels;
        int[] nearest = new int[classMeans.length];
        double total = 0;
        float[] pixels = images.pixels();
        for (int i = 0; i < images.count(); i++) {
            double best = Double.POSITIVE_INFINITY;
            int bestClass = -1;
            for (int k = 0; k < classMeans.length; k++) {
                double squared = 0;
                for (int p = 0; p < size; p++) {
                    double difference = toUnit(pixels[i * size + p]) - classMeans[k][p];
                    squared += difference * difference;
                }
                double distance = Math.sqrt(squared) / size;
                if (distance < best) {
                    best = distance;
                    bestClass = k;
                }
            }
            total += best;
            nearest[bestClass]++;
        }
        return new Result(total / images.count(), nearest);
    }

    private static double toUnit(float pixel) {
        return (pixel + 1) / 2;
    }
}
