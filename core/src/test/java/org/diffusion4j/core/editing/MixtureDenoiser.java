package org.diffusion4j.core.editing;

import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * The exact denoiser for data that is one of a few images, equally likely: the clean-image estimate is the posterior mean
 * of those images given x_t, so an edit has a right answer to be held to (a kept half that belongs to image k must be
 * completed as image k).
 */
final class MixtureDenoiser implements Denoiser {

    private final NoiseSchedule schedule;
    private final float[][] images;
    private final int height;
    private final int width;
    int calls;

    MixtureDenoiser(NoiseSchedule schedule, int height, int width, float[]... images) {
        this.schedule = schedule;
        this.images = images;
        this.height = height;
        this.width = width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) {
        calls++;
        int size = noisy.imageSize();
        float[] noise = new float[noisy.pixels().length];
        for (int image = 0; image < noisy.count(); image++) {
            int t = timesteps[image];
            double signal = schedule.signalRate(t);
            double sigma = schedule.noiseRate(t);
            double[] logWeights = new double[images.length];
            double largest = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < images.length; k++) {
                double distance = 0;
                for (int p = 0; p < size; p++) {
                    double d = noisy.pixels()[image * size + p] - signal * images[k][p];
                    distance += d * d;
                }
                logWeights[k] = -distance / (2 * sigma * sigma);
                largest = Math.max(largest, logWeights[k]);
            }
            double total = 0;
            for (int k = 0; k < images.length; k++) {
                logWeights[k] = Math.exp(logWeights[k] - largest);
                total += logWeights[k];
            }
            for (int p = 0; p < size; p++) {
                double mean = 0;
                for (int k = 0; k < images.length; k++) {
                    mean += logWeights[k] / total * images[k][p];
                }
                noise[image * size + p] = (float) ((noisy.pixels()[image * size + p] - signal * mean) / sigma);
            }
        }
        return noisy.withPixels(noise);
    }
}
