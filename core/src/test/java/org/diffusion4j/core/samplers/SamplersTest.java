package org.diffusion4j.core.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.core.schedules.GeometricSchedule;
import org.diffusion4j.core.schedules.LinearSchedule;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.junit.jupiter.api.Test;

class SamplersTest {

    private static final int COUNT = 3;
    private static final int HEIGHT = 4;
    private static final int WIDTH = 5;
    private static final int CHANNELS = 1;

    /** One recognisable image with pixels in [-0.9, 0.9]. */
    private static ImageBatch targetImage(int channels) {
        float[] pixels = new float[HEIGHT * WIDTH * channels];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (0.9 * Math.sin(1.3 * i + 0.4));
        }
        return new ImageBatch(pixels, 1, HEIGHT, WIDTH, channels);
    }

    private static ImageBatch noise(long seed) {
        return SampleNoise.gaussian(COUNT, HEIGHT, WIDTH, CHANNELS, new SplittableRandom(seed));
    }

    private static void assertAllImagesEqual(ImageBatch target, ImageBatch images, double tolerance) {
        assertEquals(COUNT, images.count());
        assertEquals(target.height(), images.height());
        assertEquals(target.width(), images.width());
        assertEquals(target.channels(), images.channels());
        assertTrue(images.allFinite());
        float[] pixels = images.pixels();
        for (int i = 0; i < pixels.length; i++) {
            float expected = target.pixels()[i % target.imageSize()];
            assertEquals(expected, pixels[i], tolerance, "pixel " + i);
        }
    }

    /** A denoiser that is not perfect, so samplers' outputs depend on their noise draws. */
    private static Denoiser shrinkingDenoiser() {
        return new Denoiser() {
            public int height() { return HEIGHT; }
            public int width() { return WIDTH; }
            public int channels() { return CHANNELS; }
            public ImageBatch predictNoise(ImageBatch noisyImages, int[] timesteps) {
                float[] noises = noisyImages.pixels().clone();
                for (int i = 0; i < noises.length; i++) {
                    noises[i] = 0.6f * noises[i] + 0.01f * timesteps[0] / 10f;
                }
                return noisyImages.withPixels(noises);
            }
        };
    }

    /** Fails on any random draw, to prove a sampler draws nothing. */
    private static final RandomGenerator NO_RANDOMNESS = () -> {
        throw new AssertionError("this sampler must not draw random numbers");
    };

    @Test
    void ddpmRecoversTheOnlyImageWithAPerfectDenoiser() {
        ImageBatch target = targetImage(CHANNELS);
        for (NoiseSchedule schedule : List.of(new LinearSchedule(100), new CosineSchedule(100))) {
            for (boolean clip : new boolean[] {false, true}) {
                OracleDenoiser oracle = new OracleDenoiser(schedule, target);
                ImageBatch images = new DdpmSampler(clip).sample(oracle, schedule, noise(1),
                        new SplittableRandom(2), SamplingObserver.NONE);
                assertAllImagesEqual(target, images, 1e-4);
                assertEquals(100, oracle.calls);
            }
        }
    }

    @Test
    void ddimRecoversTheOnlyImageForAnyStepCountAndEta() {
        ImageBatch target = targetImage(CHANNELS);
        for (NoiseSchedule schedule : List.of(new LinearSchedule(100), new CosineSchedule(100))) {
            for (int steps : new int[] {1, 2, 7, 25, 100}) {
                for (double eta : new double[] {0.0, 1.0}) {
                    for (boolean clip : new boolean[] {false, true}) {
                        OracleDenoiser oracle = new OracleDenoiser(schedule, target);
                        ImageBatch images = new DdimSampler(steps, eta, clip).sample(oracle, schedule, noise(3),
                                new SplittableRandom(4), SamplingObserver.NONE);
                        assertAllImagesEqual(target, images, 1e-3);
                        assertEquals(steps, oracle.calls);
                    }
                }
            }
        }
    }

    @Test
    void stepwiseInvertsTheGeometricChainWithAPerfectDenoiser() {
        ImageBatch target = targetImage(CHANNELS);
        for (GeometricSchedule schedule : List.of(new GeometricSchedule(200, 0.98), new GeometricSchedule(50, 0.9))) {
            OracleDenoiser oracle = new OracleDenoiser(schedule, target);
            ImageBatch images = new StepScaledSampler().sample(oracle, schedule, noise(5), NO_RANDOMNESS,
                    SamplingObserver.NONE);
            assertAllImagesEqual(target, images, 1e-4);
            assertEquals(schedule.timesteps(), oracle.calls);
        }
    }

    @Test
    void stepwiseWithFewerStepsWalksTheCoarserChainExactly() {
        // a' = a^(N / steps): with a perfect denoiser the coarse chain is inverted exactly when steps divides N.
        GeometricSchedule schedule = new GeometricSchedule(500, 0.99);
        ImageBatch target = targetImage(CHANNELS);
        for (int steps : new int[] {50, 100, 500}) {
            OracleDenoiser oracle = new OracleDenoiser(schedule, target);
            ImageBatch images = new StepScaledSampler(1.0, steps).sample(oracle, schedule, noise(7), NO_RANDOMNESS,
                    SamplingObserver.NONE);
            assertAllImagesEqual(target, images, 1e-4);
            assertEquals(steps, oracle.calls);
        }
        assertArrayEquals(new StepScaledSampler(1.5).sample(new OracleDenoiser(schedule, target), schedule, noise(8), NO_RANDOMNESS,
                        SamplingObserver.NONE).pixels(),
                new StepScaledSampler(1.5, 500).sample(new OracleDenoiser(schedule, target), schedule, noise(8), NO_RANDOMNESS,
                        SamplingObserver.NONE).pixels(), "all N steps is the full chain");
        assertMessage(() -> new StepScaledSampler(1.0, 501).steps(schedule), "1..500");
    }

    @Test
    void largerStepSizesTrustThePredictionMore() {
        // Each step removes (1 - a^1.5) eps instead of (1 - a) eps, so the result differs but stays finite.
        GeometricSchedule schedule = new GeometricSchedule(100, 0.97);
        ImageBatch target = targetImage(CHANNELS);
        ImageBatch plain = new StepScaledSampler(1.0).sample(new OracleDenoiser(schedule, target), schedule,
                noise(6), NO_RANDOMNESS, SamplingObserver.NONE);
        ImageBatch scaled = new StepScaledSampler(1.5).sample(new OracleDenoiser(schedule, target), schedule,
                noise(6), NO_RANDOMNESS, SamplingObserver.NONE);
        assertTrue(scaled.allFinite());
        assertEquals(COUNT, scaled.count());
        assertFalse(java.util.Arrays.equals(plain.pixels(), scaled.pixels()));
    }

    @Test
    void ddimWithoutEtaIsDeterministic() {
        NoiseSchedule schedule = new CosineSchedule(50);
        Sampler sampler = new DdimSampler(10, 0.0, true);
        ImageBatch first = sampler.sample(shrinkingDenoiser(), schedule, noise(7), new SplittableRandom(1),
                SamplingObserver.NONE);
        ImageBatch second = sampler.sample(shrinkingDenoiser(), schedule, noise(7), NO_RANDOMNESS,
                SamplingObserver.NONE);
        assertArrayEquals(first.pixels(), second.pixels());
        assertTrue(first.allFinite());
    }

    @Test
    void ddpmIsReproducibleWithTheSameSeed() {
        NoiseSchedule schedule = new LinearSchedule(30);
        Sampler sampler = new DdpmSampler(true);
        ImageBatch first = sampler.sample(shrinkingDenoiser(), schedule, noise(8), new SplittableRandom(9),
                SamplingObserver.NONE);
        ImageBatch again = sampler.sample(shrinkingDenoiser(), schedule, noise(8), new SplittableRandom(9),
                SamplingObserver.NONE);
        ImageBatch otherSeed = sampler.sample(shrinkingDenoiser(), schedule, noise(8), new SplittableRandom(10),
                SamplingObserver.NONE);
        assertArrayEquals(first.pixels(), again.pixels());
        assertFalse(java.util.Arrays.equals(first.pixels(), otherSeed.pixels()));
    }

    @Test
    void ddimWithEtaOneAndAllStepsIsDdpm() {
        // sigma^2 with eta = 1 and consecutive steps is the posterior variance, and both draw noise in the
        // same order, so the two samplers agree up to rounding.
        NoiseSchedule schedule = new LinearSchedule(40, 1e-3, 0.2);
        ImageBatch ddpm = new DdpmSampler(false).sample(shrinkingDenoiser(), schedule, noise(11),
                new SplittableRandom(12), SamplingObserver.NONE);
        ImageBatch ddim = new DdimSampler(40, 1.0, false).sample(shrinkingDenoiser(), schedule, noise(11),
                new SplittableRandom(12), SamplingObserver.NONE);
        assertArrayEquals(ddpm.pixels(), ddim.pixels(), 1e-4f);
    }

    @Test
    void observerSeesEveryStepInOrder() {
        NoiseSchedule cosine = new CosineSchedule(30);
        GeometricSchedule geometric = new GeometricSchedule(30, 0.95);
        ImageBatch target = targetImage(CHANNELS);
        record Run(Sampler sampler, NoiseSchedule schedule) { }
        for (Run run : List.of(new Run(new DdpmSampler(true), cosine), new Run(new DdimSampler(8, 0.5, true), cosine),
                new Run(new StepScaledSampler(), geometric))) {
            List<int[]> seen = new ArrayList<>();
            SamplingObserver observer = (stepIndex, totalSteps, t, noisy, predicted) -> {
                seen.add(new int[] {stepIndex, totalSteps, t});
                assertEquals(COUNT, noisy.count());
                assertEquals(COUNT, predicted.count());
                // A perfect denoiser makes every x0 estimate the target itself.
                assertEquals(target.pixels()[3], predicted.pixels()[3], 1e-3);
            };
            run.sampler().sample(new OracleDenoiser(run.schedule(), target), run.schedule(), noise(13),
                    new SplittableRandom(14), observer);
            int steps = run.sampler().steps(run.schedule());
            assertEquals(steps, seen.size(), run.sampler().name());
            for (int i = 0; i < steps; i++) {
                assertEquals(i, seen.get(i)[0]);
                assertEquals(steps, seen.get(i)[1]);
                if (i > 0) {
                    assertTrue(seen.get(i)[2] < seen.get(i - 1)[2], "timesteps must decrease");
                }
            }
            assertEquals(29, seen.get(0)[2]);
            assertEquals(0, seen.get(steps - 1)[2]);
        }
    }

    @Test
    void ddimVisitsAnEvenlySpacedSubsequence() {
        NoiseSchedule schedule = new LinearSchedule(100);
        assertArrayEquals(new int[] {99}, new DdimSampler(1, 0, false).timesteps(schedule));
        assertArrayEquals(new int[] {99, 0}, new DdimSampler(2, 0, false).timesteps(schedule));
        assertArrayEquals(new int[] {99, 66, 33, 0}, new DdimSampler(4, 0, false).timesteps(schedule));
        int[] all = new DdimSampler(100, 0, false).timesteps(schedule);
        for (int i = 0; i < 100; i++) {
            assertEquals(99 - i, all[i]);
        }
        int[] ten = new DdimSampler(10, 0, false).timesteps(schedule);
        assertEquals(10, ten.length);
        assertEquals(99, ten[0]);
        assertEquals(0, ten[9]);
        for (int i = 1; i < ten.length; i++) {
            int gap = ten[i - 1] - ten[i];
            assertTrue(gap == 11 || gap == 10, "uneven gap " + gap);
        }
    }

    @Test
    void initialNoiseIsLeftAlone() {
        ImageBatch initial = noise(15);
        float[] before = initial.pixels().clone();
        NoiseSchedule schedule = new LinearSchedule(10);
        new DdpmSampler(true).sample(shrinkingDenoiser(), schedule, initial, new SplittableRandom(1),
                SamplingObserver.NONE);
        new DdimSampler(5, 1.0, true).sample(shrinkingDenoiser(), schedule, initial, new SplittableRandom(1),
                SamplingObserver.NONE);
        assertArrayEquals(before, initial.pixels());
    }

    @Test
    void invalidArgumentsAreExplained() {
        NoiseSchedule schedule = new LinearSchedule(100);
        assertMessage(() -> new DdimSampler(0, 0, false), "at least 1 step");
        assertMessage(() -> new DdimSampler(10, -0.5, false), "eta");
        assertMessage(() -> new DdimSampler(101, 0, false).steps(schedule), "1..100");
        assertMessage(() -> new StepScaledSampler(0), "step size");
        assertMessage(() -> new StepScaledSampler().steps(schedule), "geometric");
        assertMessage(() -> new StepScaledSampler().sample(shrinkingDenoiser(), schedule, noise(1),
                NO_RANDOMNESS, SamplingObserver.NONE), "geometric");
        assertMessage(() -> new DdpmSampler(true).sample(shrinkingDenoiser(), schedule,
                SampleNoise.gaussian(2, 8, 8, 1, new SplittableRandom(1)), new SplittableRandom(1),
                SamplingObserver.NONE), "4x5x1");
        assertMessage(() -> SamplerSpec.of("euler"), "ddpm, ddim, dpm++2m, dpm++3m, stepwise");
        assertMessage(() -> new Trajectory(0, 4), "k >= 1");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        assertTrue(error.getMessage().contains(expected), "message '" + error.getMessage() + "' lacks '" + expected + "'");
    }

    @Test
    void factoryBuildsTheNamedSampler() {
        DdimSampler ddim = assertInstanceOf(DdimSampler.class, SamplerSpec.of("DDIM").withSteps(20).withEta(0.3).withClip(false).create());
        assertEquals(20, ddim.steps());
        assertEquals(0.3, ddim.eta());
        assertFalse(ddim.clipPredictedImages());
        assertTrue(assertInstanceOf(DdpmSampler.class, SamplerSpec.of("ddpm").withSteps(0).create()).clipPredictedImages());
        assertEquals(1.0, assertInstanceOf(StepScaledSampler.class, SamplerSpec.of("stepwise").withSteps(0).create()).stepSize());
        for (String name : SamplerSpec.NAMES) {
            assertEquals(name, SamplerSpec.of(name).withSteps(5).create().name());
        }
    }

    @Test
    void trajectoryKeepsCopiesOfEveryKthAndTheLastStep() {
        NoiseSchedule schedule = new LinearSchedule(25);
        ImageBatch initial = noise(16);
        Trajectory trajectory = new Trajectory(10, 2);
        int[] calls = {0};
        new DdpmSampler(true).sample(shrinkingDenoiser(), schedule, initial, new SplittableRandom(17),
                trajectory.andThen((step, total, t, noisy, predicted) -> calls[0]++));
        assertEquals(25, calls[0]);
        List<Trajectory.Frame> frames = trajectory.frames();
        assertEquals(List.of(0, 10, 20, 24), frames.stream().map(Trajectory.Frame::stepIndex).toList());
        assertEquals(List.of(24, 14, 4, 0), frames.stream().map(Trajectory.Frame::timestep).toList());
        for (Trajectory.Frame frame : frames) {
            assertEquals(2, frame.noisyImages().count());
            assertEquals(2, frame.predictedImages().count());
        }
        // The first frame must still show x_T although the sampler has reused its buffers since.
        assertArrayEquals(initial.slice(0, 2).pixels(), frames.get(0).noisyImages().pixels());
        assertEquals(4, trajectory.noisyFrames().size());
        assertEquals(4, trajectory.predictedFrames().size());
    }

    @Test
    void sampleNoiseIsStandardNormalAndSeeded() {
        ImageBatch noise = SampleNoise.gaussian(10, 32, 32, 1, new SplittableRandom(18));
        assertArrayEquals(noise.pixels(), SampleNoise.gaussian(10, 32, 32, 1, new SplittableRandom(18)).pixels());
        double sum = 0;
        double sumOfSquares = 0;
        for (float p : noise.pixels()) {
            sum += p;
            sumOfSquares += p * p;
        }
        int n = noise.pixels().length;
        double mean = sum / n;
        assertEquals(0.0, mean, 0.05);
        assertEquals(1.0, sumOfSquares / n - mean * mean, 0.05);
    }

    /**
     * Deterministic DDIM with the true noise must walk the training chain itself: x_t = signal x0 + noise eps at every
     * visited level, with the same eps. On document 004's geometric chain the noise rate is 1 - a^n, not sqrt(1 - a^2n).
     */
    @Test
    void ddimStaysOnTheGeometricChainItWasTrainedOn() {
        SplittableRandom random = new SplittableRandom(4);
        GeometricChainWalk walk = new GeometricChainWalk(random);
        ImageBatch result = new DdimSampler(20, 0.0, false).sample(walk.trueNoise, walk.schedule, walk.start, random,
                walk.checker());
        assertTrue(walk.offChain.isEmpty(), String.join("; ", walk.offChain));
        assertArrayEquals(walk.x0.pixels(), result.pixels(), 1e-3f);
        // DDPM's posterior would leave the chain; it says so instead of drawing noise at the wrong level.
        assertMessage(() -> new DdpmSampler(true).sample(walk.trueNoise, walk.schedule, walk.start, random, SamplingObserver.NONE),
                "variance-preserving");
    }
}
