package org.diffusion4j.core.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.LinearSchedule;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.junit.jupiter.api.Test;

class ChainSamplerTest {

    /** With the true per-step noise of a forward chain, the chain sampler walks it back to x0. */
    @Test
    void invertsTheForwardChainWithThePerStepNoise() {
        NoiseSchedule schedule = new LinearSchedule(30, 1e-3, 0.2);
        double[] betas = schedule.betas();
        SplittableRandom random = new SplittableRandom(9);
        ImageBatch x0 = SampleNoise.gaussian(2, 3, 3, 1, random);
        float[][] stepNoise = new float[betas.length][];
        float[][] states = new float[betas.length + 1][];
        states[0] = x0.pixels().clone();
        for (int t = 0; t < betas.length; t++) {
            stepNoise[t] = SampleNoise.gaussian(2, 3, 3, 1, random).pixels();
            states[t + 1] = new float[states[t].length];
            for (int i = 0; i < states[t].length; i++) {
                states[t + 1][i] = (float) (Math.sqrt(1 - betas[t]) * states[t][i] + Math.sqrt(betas[t]) * stepNoise[t][i]);
            }
        }
        Denoiser oracle = new Denoiser() {
            public int height() { return 3; }
            public int width() { return 3; }
            public int channels() { return 1; }
            public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) {
                return noisy.withPixels(stepNoise[timesteps[0]].clone());
            }
        };
        ImageBatch result = new ChainSampler().sample(oracle, schedule, x0.withPixels(states[betas.length]), random, SamplingObserver.NONE);
        for (int i = 0; i < x0.pixels().length; i++) {
            assertEquals(x0.pixels()[i], result.pixels()[i], 1e-4);
        }
        assertEquals(30, new ChainSampler().steps(schedule));
    }
}
