package org.diffusion4j.core.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.core.schedules.Schedules;
import org.junit.jupiter.api.Test;

/** The pipeline hands back pixels in [-1, 1] whatever units its denoiser samples in. */
class SamplingPipelineTest {

    /** Predicts a fixed fraction of x_t as noise, in data units of half the pixel range (document 004's notebook ViT). */
    private static final class HalfScaleDenoiser implements Denoiser {
        @Override
        public int height() {
            return 3;
        }

        @Override
        public int width() {
            return 3;
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public double pixelScale() {
            return 0.5;
        }

        @Override
        public ImageBatch predictNoise(ImageBatch noisyImages, int[] timesteps) {
            float[] noise = noisyImages.pixels().clone();
            for (int i = 0; i < noise.length; i++) {
                noise[i] *= 0.7f;
            }
            return noisyImages.withPixels(noise);
        }
    }

    @Test
    void imagesComeBackInPixelsNotTheDenoisersUnits() {
        Denoiser denoiser = new HalfScaleDenoiser();
        NoiseSchedule schedule = Schedules.create("cosine", 20);
        DdimSampler sampler = new DdimSampler(5, 0, true);
        ImageBatch pixels = new SamplingPipeline(denoiser, schedule, sampler).generate(4, 4, 9, SamplingObserver.NONE,
                SamplingPipeline.BatchProgress.NONE);
        // One batch: its generator is the first split of the seed's, as the pipeline draws it.
        SplittableRandom random = new SplittableRandom(9).split();
        ImageBatch noise = SampleNoise.gaussian(4, 3, 3, 1, random);
        float[] expected = sampler.sample(denoiser, schedule, noise, random, SamplingObserver.NONE).pixels().clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] /= 0.5f;
        }
        assertArrayEquals(expected, pixels.pixels());
    }
}
