package org.diffusion4j.core.samplers;

import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * The perfect denoiser for a data set holding one image x*: since x_t = signalRate x* + noiseRate eps,
 * the noise is (x_t - signalRate x*) / noiseRate exactly.
 */
final class OracleDenoiser implements Denoiser {

    private final NoiseSchedule schedule;
    private final ImageBatch target;
    int calls;

    OracleDenoiser(NoiseSchedule schedule, ImageBatch target) {
        this.schedule = schedule;
        this.target = target;
    }

    @Override
    public int height() {
        return target.height();
    }

    @Override
    public int width() {
        return target.width();
    }

    @Override
    public int channels() {
        return target.channels();
    }

    @Override
    public ImageBatch predictNoise(ImageBatch noisyImages, int[] timesteps) {
        calls++;
        float[] x = noisyImages.pixels();
        float[] noises = new float[x.length];
        int size = noisyImages.imageSize();
        for (int i = 0; i < x.length; i++) {
            int t = timesteps[i / size];
            noises[i] = (float) ((x[i] - schedule.signalRate(t) * target.pixels()[i % size]) / schedule.noiseRate(t));
        }
        return noisyImages.withPixels(noises);
    }
}
