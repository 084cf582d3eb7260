package org.diffusion4j.core.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.core.schedules.GeometricSchedule;
import org.diffusion4j.core.schedules.LinearSchedule;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.junit.jupiter.api.Test;

class ReverseWalkTest {

    private static final RandomGenerator NO_RANDOMNESS = () -> {
        throw new AssertionError("this walk must not draw random numbers");
    };

    /** One image with pixels in [-0.9, 0.9], three times: what the oracle's data set holds. */
    private static ImageBatch cleanImages() {
        float[] pixels = new float[3 * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (0.9 * Math.sin(1.3 * (i % 16) + 0.4));
        }
        return new ImageBatch(pixels, 3, 4, 4, 1);
    }

    private static ImageBatch noise(long seed) {
        return SampleNoise.gaussian(3, 4, 4, 1, new SplittableRandom(seed));
    }

    /** The loop a caller of the step API writes: ask the denoiser at the walk's timestep, then step. */
    private static ImageBatch walkByHand(ReverseWalk walk, Denoiser denoiser, ImageBatch start, List<float[]> estimates) {
        ImageBatch x = start;
        while (!walk.done()) {
            int[] timesteps = new int[x.count()];
            Arrays.fill(timesteps, walk.timestep());
            ReverseWalk.Step step = walk.step(x, denoiser.predictNoise(x, timesteps));
            estimates.add(step.predictedImages().pixels());
            x = step.nextImages();
        }
        return x;
    }

    @Test
    void aWalkByHandFromTheTopIsSampleBitForBit() {
        for (SamplerGolden.Run run : SamplerGolden.runs()) {
            Sampler sampler = run.sampler().get();
            NoiseSchedule schedule = run.schedule().get();
            ImageBatch start = noise(1);
            List<float[]> observed = new ArrayList<>();
            ImageBatch sampled = sampler.sample(SamplerGolden.testDenoiser(), schedule, start, new SplittableRandom(2),
                    (step, total, t, noisy, predicted) -> observed.add(predicted.pixels().clone()));
            List<float[]> estimates = new ArrayList<>();
            ReverseWalk walk = sampler.begin(schedule, schedule.timesteps() - 1, new SplittableRandom(2));
            assertArrayEquals(sampler.timesteps(schedule), walk.timesteps(), run.name());
            ImageBatch walked = walkByHand(walk, SamplerGolden.testDenoiser(), start, estimates);
            assertArrayEquals(sampled.pixels(), walked.pixels(), run.name());
            assertEquals(observed.size(), estimates.size(), run.name());
            for (int i = 0; i < estimates.size(); i++) {
                assertArrayEquals(observed.get(i), estimates.get(i), run.name() + " step " + i);
            }
        }
    }

    @Test
    void runPicksUpWhereTheStepsByHandLeftOff() {
        NoiseSchedule schedule = new CosineSchedule(50);
        for (Sampler sampler : List.of(new DpmSolverSampler(10, true), new DdpmSampler(true), new DdimSampler(10, 1.0, false))) {
            ImageBatch start = noise(3);
            ImageBatch sampled = sampler.sample(SamplerGolden.testDenoiser(), schedule, start, new SplittableRandom(4),
                    SamplingObserver.NONE);
            ReverseWalk walk = sampler.begin(schedule, new SplittableRandom(4));
            ImageBatch x = start;
            for (int i = 0; i < 3; i++) {
                int[] timesteps = {walk.timestep(), walk.timestep(), walk.timestep()};
                x = walk.step(x, SamplerGolden.testDenoiser().predictNoise(x, timesteps)).nextImages();
            }
            assertEquals(3, walk.stepIndex());
            List<Integer> seen = new ArrayList<>();
            ImageBatch finished = walk.run(SamplerGolden.testDenoiser(), x, (step, total, t, noisy, predicted) -> seen.add(step));
            assertArrayEquals(sampled.pixels(), finished.pixels(), sampler.name());
            assertEquals(3, seen.get(0));
            assertEquals(sampler.steps(schedule), seen.size() + 3);
            assertTrue(walk.done());
        }
    }

    /** SDEdit's premise: with the exact denoiser, an image noised to t and walked back from t is the image again. */
    @Test
    void anImageNoisedToATimestepAndWalkedBackFromThereLandsOnTheData() {
        NoiseSchedule cosine = new CosineSchedule(100);
        GeometricSchedule geometric = new GeometricSchedule(200, 0.98);
        ImageBatch clean = cleanImages();
        ImageBatch target = clean.slice(0, 1);
        record Case(Sampler sampler, NoiseSchedule schedule, int start) { }
        for (Case c : List.of(new Case(new DdimSampler(20, 0.0, false), cosine, 52), new Case(new DdimSampler(20, 0.0, true), cosine, 99),
                new Case(new DdimSampler(20, 0.0, false), cosine, 50), new Case(new DdimSampler(20, 1.0, false), cosine, 73),
                new Case(new DpmSolverSampler(20, false), cosine, 60), new Case(new DdpmSampler(false), cosine, 40),
                new Case(new StepScaledSampler(), geometric, 120), new Case(new DdimSampler(25, 0.0, false), geometric, 150))) {
            String name = c.sampler() + " from " + c.start();
            ReverseWalk walk = c.sampler().begin(c.schedule(), c.start(), new SplittableRandom(5));
            int first = walk.timestep();
            assertTrue(first <= c.start(), name);
            int[] all = c.sampler().timesteps(c.schedule());
            int[] visited = walk.timesteps();
            assertArrayEquals(Arrays.copyOfRange(all, all.length - visited.length, all.length), visited, name);
            assertTrue(visited.length == all.length || all[all.length - visited.length - 1] > c.start(), name);
            ImageBatch noisy = c.schedule().addNoise(clean, noise(6), first);
            OracleDenoiser oracle = new OracleDenoiser(c.schedule(), target);
            ImageBatch images = walk.run(oracle, noisy, SamplingObserver.NONE);
            assertEquals(visited.length, oracle.calls, name);
            for (int i = 0; i < clean.pixels().length; i++) {
                assertEquals(clean.pixels()[i], images.pixels()[i], 1e-3, name + ", pixel " + i);
            }
        }
        // The DDIM sequence of 20 steps on 100 timesteps visits 52 but not 50: a walk from 50 starts at 47.
        assertEquals(52, new DdimSampler(20, 0, false).begin(cosine, 52, NO_RANDOMNESS).timestep());
        assertEquals(47, new DdimSampler(20, 0, false).begin(cosine, 50, NO_RANDOMNESS).timestep());
    }

    @Test
    void theWholeWalkIsTheOneFromTheLastTimestep() {
        NoiseSchedule schedule = new LinearSchedule(50);
        for (Sampler sampler : List.of(new DdpmSampler(true), new DdimSampler(7, 0.5, true), new DpmSolverSampler(9, false),
                new ChainSampler())) {
            ImageBatch whole = sampler.begin(schedule, new SplittableRandom(8)).run(SamplerGolden.testDenoiser(), noise(7),
                    SamplingObserver.NONE);
            ImageBatch fromTop = sampler.begin(schedule, 49, new SplittableRandom(8)).run(SamplerGolden.testDenoiser(), noise(7),
                    SamplingObserver.NONE);
            assertArrayEquals(whole.pixels(), fromTop.pixels(), sampler.name());
            assertEquals(sampler.steps(schedule), sampler.timesteps(schedule).length, sampler.name());
            assertEquals(49, sampler.timesteps(schedule)[0], sampler.name());
        }
        GeometricSchedule geometric = new GeometricSchedule(100);
        for (Sampler sampler : List.of(new StepScaledSampler(1.5, 20), new StepScaledSampler(1.0, 30), new StepScaledSampler())) {
            int[] timesteps = sampler.timesteps(geometric);
            assertEquals(sampler.steps(geometric), timesteps.length);
            assertEquals(99, timesteps[0]);
            for (int i = 1; i < timesteps.length; i++) {
                assertTrue(timesteps[i] < timesteps[i - 1], "timesteps must decrease");
            }
        }
        assertArrayEquals(new int[] {99, 94, 89}, Arrays.copyOf(new StepScaledSampler(1.5, 20).timesteps(geometric), 3));
        assertEquals(4, new StepScaledSampler(1.5, 20).timesteps(geometric)[19]);
    }

    @Test
    void everyDrawComesFromTheWalksGenerator() {
        NoiseSchedule schedule = new CosineSchedule(30);
        Denoiser denoiser = SamplerGolden.testDenoiser();
        // Deterministic walks draw nothing; stochastic ones fail on the first draw of the generator they were given.
        for (Sampler sampler : List.of(new DdimSampler(10, 0.0, true), new DpmSolverSampler(10, true), new ChainSampler())) {
            sampler.begin(schedule, NO_RANDOMNESS).run(denoiser, noise(9), SamplingObserver.NONE);
        }
        for (Sampler sampler : List.of(new DdpmSampler(true), new DdimSampler(10, 1.0, true))) {
            assertThrows(AssertionError.class, () -> sampler.begin(schedule, NO_RANDOMNESS).run(denoiser, noise(9), SamplingObserver.NONE));
            ImageBatch first = sampler.begin(schedule, new SplittableRandom(10)).run(denoiser, noise(9), SamplingObserver.NONE);
            ImageBatch other = sampler.begin(schedule, new SplittableRandom(11)).run(denoiser, noise(9), SamplingObserver.NONE);
            assertFalse(Arrays.equals(first.pixels(), other.pixels()), sampler.name());
        }
    }

    @Test
    void aStepLeavesItsInputsAloneAndAnswersNewBatches() {
        NoiseSchedule schedule = new CosineSchedule(30);
        ImageBatch x = noise(12);
        float[] before = x.pixels().clone();
        ImageBatch eps = SamplerGolden.testDenoiser().predictNoise(x, new int[] {29, 29, 29});
        float[] epsBefore = eps.pixels().clone();
        ReverseWalk.Step step = new DdimSampler(5, 1.0, true).begin(schedule, new SplittableRandom(1)).step(x, eps);
        assertArrayEquals(before, x.pixels());
        assertArrayEquals(epsBefore, eps.pixels());
        assertNotEquals(x.pixels(), step.nextImages().pixels());
        assertNotEquals(step.nextImages().pixels(), step.predictedImages().pixels());
        ReverseWalk.Step chainStep = new ChainSampler().begin(schedule, NO_RANDOMNESS).step(x, eps);
        assertSame(chainStep.nextImages(), chainStep.predictedImages(), "the chain sampler has no estimate");
    }

    @Test
    void misuseIsExplained() {
        NoiseSchedule schedule = new CosineSchedule(30);
        Sampler ddim = new DdimSampler(5, 0.0, true);
        assertMessage(() -> ddim.begin(schedule, 30, NO_RANDOMNESS), "0..29");
        assertMessage(() -> ddim.begin(schedule, -1, NO_RANDOMNESS), "0..29");
        GeometricSchedule geometric = new GeometricSchedule(100);
        assertMessage(() -> new StepScaledSampler(1.0, 20).begin(geometric, 3, NO_RANDOMNESS), "smallest is 4");
        assertMessage(() -> new StepScaledSampler().begin(schedule, NO_RANDOMNESS), "geometric");
        assertMessage(() -> new DdpmSampler(true).begin(geometric, NO_RANDOMNESS), "variance-preserving");

        ReverseWalk walk = new DdimSampler(1, 0.0, true).begin(schedule, NO_RANDOMNESS);
        ImageBatch x = noise(13);
        assertMessage(() -> walk.step(x, x.slice(0, 2)), "noise prediction");
        walk.step(x, x);
        assertTrue(walk.done());
        IllegalStateException over = assertThrows(IllegalStateException.class, walk::timestep);
        assertTrue(over.getMessage().contains("all its 1 steps"), over.getMessage());
        assertThrows(IllegalStateException.class, () -> walk.step(x, x));

        ReverseWalk twoBatches = new DpmSolverSampler(5, true).begin(schedule, NO_RANDOMNESS);
        twoBatches.step(x, x);
        ImageBatch smaller = x.slice(0, 2);
        assertMessage(() -> twoBatches.step(smaller, smaller), "x_t");
    }

    /** Only the chain sampler inverts one chain step's noise; it keeps taking denoisers that declare the default. */
    @Test
    void samplersRefuseADenoiserWhoseNoiseTheyCannotUse() {
        NoiseSchedule linear = new LinearSchedule(20);
        Denoiser chainNoise = new Denoiser() {
            public int height() { return 4; }
            public int width() { return 4; }
            public int channels() { return 1; }
            public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) {
                return SamplerGolden.testDenoiser().predictNoise(noisy, timesteps);
            }
            public Prediction prediction() { return Prediction.CHAIN_EPS; }
        };
        for (Sampler sampler : List.of(new DdpmSampler(true), new DdimSampler(5, 0.0, true), new DpmSolverSampler(5, true))) {
            assertMessage(() -> sampler.sample(chainNoise, linear, noise(14), new SplittableRandom(1), SamplingObserver.NONE),
                    "the " + sampler.name() + " sampler needs the closed-form noise of x_t, and this denoiser predicts one chain "
                            + "step's noise (CHAIN_EPS): use the chain sampler");
        }
        GeometricSchedule geometric = new GeometricSchedule(20);
        assertMessage(() -> new StepScaledSampler().sample(chainNoise, geometric, noise(14), NO_RANDOMNESS, SamplingObserver.NONE),
                "CHAIN_EPS");
        ImageBatch declared = new ChainSampler().sample(chainNoise, linear, noise(14), NO_RANDOMNESS, SamplingObserver.NONE);
        ImageBatch undeclared = new ChainSampler().sample(SamplerGolden.testDenoiser(), linear, noise(14), NO_RANDOMNESS,
                SamplingObserver.NONE);
        assertArrayEquals(declared.pixels(), undeclared.pixels());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        assertTrue(error.getMessage().contains(expected), "message '" + error.getMessage() + "' lacks '" + expected + "'");
    }
}
