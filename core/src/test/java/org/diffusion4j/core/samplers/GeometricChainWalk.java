package org.diffusion4j.core.samplers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.GeometricSchedule;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * Document 004's geometric chain with a denoiser that answers the true noise: a deterministic sampler that is right
 * for this chain must visit x_t = signalRate x0 + noiseRate eps at every level, with the same eps, and land on x0.
 */
final class GeometricChainWalk {

    final NoiseSchedule schedule = new GeometricSchedule(500);
    final ImageBatch x0;
    final Denoiser trueNoise;
    final ImageBatch start;
    /** The first level at which the walk left the chain, if it did. */
    final List<String> offChain = new ArrayList<>();
    private final float[] noise;

    GeometricChainWalk(SplittableRandom random) {
        x0 = SampleNoise.gaussian(2, 4, 4, 1, random);
        noise = SampleNoise.gaussian(2, 4, 4, 1, random).pixels();
        trueNoise = new Denoiser() {
            public int height() { return 4; }
            public int width() { return 4; }
            public int channels() { return 1; }
            public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) {
                return noisy.withPixels(noise.clone());
            }
        };
        int last = schedule.timesteps() - 1;
        float[] initial = new float[noise.length];
        for (int i = 0; i < initial.length; i++) {
            initial[i] = (float) (schedule.signalRate(last) * x0.pixels()[i] + schedule.noiseRate(last) * noise[i]);
        }
        start = x0.withPixels(initial);
    }

    /** Records in {@link #offChain} the levels where the sampler's x_t is off the chain. */
    SamplingObserver checker() {
        return (stepIndex, totalSteps, timestep, noisyImages, predictedImages) -> {
            for (int i = 0; i < noise.length; i++) {
                double onChain = schedule.signalRate(timestep) * x0.pixels()[i] + schedule.noiseRate(timestep) * noise[i];
                if (Math.abs(noisyImages.pixels()[i] - onChain) > 1e-3) {
                    offChain.add("t=" + timestep + ": " + noisyImages.pixels()[i] + " against " + onChain);
                    return;
                }
            }
        };
    }
}
