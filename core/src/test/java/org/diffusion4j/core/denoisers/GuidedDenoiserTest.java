package org.diffusion4j.core.denoisers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.DdpmSampler;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.Sampler;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.core.samplers.StepScaledSampler;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.core.schedules.Schedules;
import org.junit.jupiter.api.Test;

class GuidedDenoiserTest {

    /**
     * An exact stub: the noise it predicts for pixel i of an image is x_i / 2 + label + t / 100, with
     * "no label" (10) giving x_i / 2 - 1. It records every call, so tests can count and inspect them.
     */
    static final class StubModel implements ConditionalDenoiser {
        final List<int[]> labelCalls = new ArrayList<>();
        int plainCalls;

        @Override
        public int classes() {
            return 10;
        }

        @Override
        public int height() {
            return 2;
        }

        @Override
        public int width() {
            return 2;
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) {
            plainCalls++;
            int[] none = new int[noisy.count()];
            java.util.Arrays.fill(none, classes());
            return predict(noisy, timesteps, none);
        }

        @Override
        public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps, int[] labels) {
            labelCalls.add(labels.clone());
            return predict(noisy, timesteps, labels);
        }

        static float expected(float x, int label, int t) {
            return x / 2 + (label == 10 ? -1 : label) + t / 100f;
        }

        private ImageBatch predict(ImageBatch noisy, int[] timesteps, int[] labels) {
            float[] out = new float[noisy.pixels().length];
            int size = noisy.imageSize();
            for (int i = 0; i < out.length; i++) {
                out[i] = expected(noisy.pixels()[i], labels[i / size], timesteps[i / size]);
            }
            return noisy.withPixels(out);
        }
    }

    private static final ImageBatch NOISY = SampleNoise.gaussian(3, 2, 2, 1, new SplittableRandom(5));
    private static final int[] LABELS = {7, 0, 3};
    private static final int[] STEPS = {4, 50, 99};

    private static float[] prediction(double scale, StubModel model) {
        return new GuidedDenoiser(model, LABELS, scale).predictNoise(NOISY, STEPS).pixels();
    }

    @Test
    void scaleZeroIsTheUnconditionalAndScaleOneTheConditionalPrediction() {
        StubModel model = new StubModel();
        float[] unconditional = prediction(0, model);
        float[] conditional = prediction(1, model);
        for (int i = 0; i < NOISY.pixels().length; i++) {
            int image = i / NOISY.imageSize();
            assertEquals(StubModel.expected(NOISY.pixels()[i], 10, STEPS[image]), unconditional[i]);
            assertEquals(StubModel.expected(NOISY.pixels()[i], LABELS[image], STEPS[image]), conditional[i]);
        }
    }

    @Test
    void otherScalesExtrapolateFromOneBatchedCall() {
        StubModel model = new StubModel();
        float[] guided = prediction(3, model);
        assertEquals(1, model.labelCalls.size(), "one call for both predictions");
        assertEquals(0, model.plainCalls);
        assertArrayEquals(new int[] {7, 0, 3, 10, 10, 10}, model.labelCalls.get(0));
        for (int i = 0; i < guided.length; i++) {
            int image = i / NOISY.imageSize();
            float unconditional = StubModel.expected(NOISY.pixels()[i], 10, STEPS[image]);
            float conditional = StubModel.expected(NOISY.pixels()[i], LABELS[image], STEPS[image]);
            assertEquals(unconditional + 3 * (conditional - unconditional), guided[i], 1e-5);
        }
    }

    @Test
    void guidanceLimitedToLowTimestepsUsesTheConditionalPredictionAbove() {
        StubModel model = new StubModel();
        // Steps 4, 50, 99 with guidance up to step 50: the first two images guided, the last conditional.
        float[] limited = new GuidedDenoiser(model, LABELS, 3, 50).predictNoise(NOISY, STEPS).pixels();
        for (int i = 0; i < limited.length; i++) {
            int image = i / NOISY.imageSize();
            float unconditional = StubModel.expected(NOISY.pixels()[i], 10, STEPS[image]);
            float conditional = StubModel.expected(NOISY.pixels()[i], LABELS[image], STEPS[image]);
            float expected = image < 2 ? unconditional + 3 * (conditional - unconditional) : conditional;
            assertEquals(expected, limited[i], 1e-5);
        }
        // When no image of the batch is in the interval, one call on the single batch is enough.
        StubModel above = new StubModel();
        new GuidedDenoiser(above, LABELS, 3, 3).predictNoise(NOISY, STEPS);
        assertArrayEquals(LABELS, above.labelCalls.get(0));
    }

    @Test
    void everySamplerGuidesWithOneModelCallPerStep() {
        List<Sampler> samplers = List.of(new DdpmSampler(true), new DdimSampler(20, 0, true), new StepScaledSampler(1.5));
        for (Sampler sampler : samplers) {
            NoiseSchedule schedule = Schedules.create(sampler instanceof StepScaledSampler ? "geometric" : "cosine", 100);
            StubModel model = new StubModel();
            ImageBatch noise = SampleNoise.gaussian(3, 2, 2, 1, new SplittableRandom(1));
            ImageBatch images = sampler.sample(new GuidedDenoiser(model, LABELS, 3), schedule, noise, new SplittableRandom(2),
                    SamplingObserver.NONE);
            assertEquals(sampler.steps(schedule), model.labelCalls.size(), sampler.name());
            assertTrue(images.allFinite(), sampler.name());
            // The same sampler with the model's own labelled prediction (scale 1) must give other images.
            StubModel plain = new StubModel();
            ImageBatch conditional = sampler.sample(new GuidedDenoiser(plain, LABELS, 1), schedule, noise, new SplittableRandom(2),
                    SamplingObserver.NONE);
            assertTrue(!java.util.Arrays.equals(images.pixels(), conditional.pixels()), sampler.name());
        }
    }

    @Test
    void pipelineAsksEachBatchForItsOwnLabels() {
        StubModel model = new StubModel();
        int[] labels = {0, 1, 2, 3, 4};
        SamplingPipeline pipeline = new SamplingPipeline(model, Schedules.create("cosine", 10), new DdimSampler(2, 0, true));
        pipeline.generate(labels, 1.0, 2, 9, SamplingObserver.NONE, SamplingPipeline.BatchProgress.NONE);
        List<int[]> seen = model.labelCalls;
        assertEquals(6, seen.size(), "3 batches of 2 steps");
        assertArrayEquals(new int[] {0, 1}, seen.get(0));
        assertArrayEquals(new int[] {2, 3}, seen.get(2));
        assertArrayEquals(new int[] {4}, seen.get(4));
    }

    @Test
    void refusesBadLabelsScalesAndUnconditionalModels() {
        StubModel model = new StubModel();
        assertThrows(IllegalArgumentException.class, () -> new GuidedDenoiser(model, new int[] {11}, 1));
        assertThrows(IllegalArgumentException.class, () -> new GuidedDenoiser(model, LABELS, -1));
        assertThrows(IllegalArgumentException.class, () -> new GuidedDenoiser(model, LABELS, 2).predictNoise(
                NOISY.slice(0, 2), new int[] {1, 2}));
        Denoiser unconditional = new Denoiser() {
            public int height() { return 2; }
            public int width() { return 2; }
            public int channels() { return 1; }
            public ImageBatch predictNoise(ImageBatch noisy, int[] t) { return noisy; }
        };
        SamplingPipeline pipeline = new SamplingPipeline(unconditional, Schedules.create("cosine", 10), new DdimSampler(2, 0, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pipeline.generate(new int[] {1}, 3, 1, 0, SamplingObserver.NONE, SamplingPipeline.BatchProgress.NONE));
        assertTrue(e.getMessage().contains("--conditional"), e.getMessage());
    }
}
