package org.diffusion4j.core.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class DpmSolverSamplerTest {

    private static final RandomGenerator NO_RANDOMNESS = () -> {
        throw new AssertionError("DPM-Solver++ must not draw random numbers");
    };

    /**
     * The exact noise prediction when every pixel of the data is N(0, s^2): E[eps | x_t] =
     * sigma_t x_t / (alpha_t^2 s^2 + sigma_t^2). Its probability-flow ODE has a closed-form solution, so a
     * solver's error can be measured, not just bounded.
     */
    private record GaussianDataDenoiser(NoiseSchedule schedule, double dataVariance) implements Denoiser {
        public int height() { return 4; }
        public int width() { return 4; }
        public int channels() { return 1; }
        public ImageBatch predictNoise(ImageBatch noisyImages, int[] timesteps) {
            float[] x = noisyImages.pixels();
            float[] noises = new float[x.length];
            int size = noisyImages.imageSize();
            for (int i = 0; i < x.length; i++) {
                int t = timesteps[i / size];
                double alpha = schedule.signalRate(t);
                double sigma = schedule.noiseRate(t);
                noises[i] = (float) (sigma * x[i] / (alpha * alpha * dataVariance + sigma * sigma));
            }
            return noisyImages.withPixels(noises);
        }
    }

    /** Largest distance to the ODE's exact end point x_T s / sqrt(alpha_T^2 s^2 + sigma_T^2). */
    private static double errorAgainstExactOde(Sampler sampler, NoiseSchedule schedule, double dataVariance) {
        ImageBatch noise = SampleNoise.gaussian(8, 4, 4, 1, new SplittableRandom(5));
        ImageBatch images = sampler.sample(new GaussianDataDenoiser(schedule, dataVariance), schedule, noise, NO_RANDOMNESS,
                SamplingObserver.NONE);
        int last = schedule.timesteps() - 1;
        double alpha = schedule.signalRate(last);
        double sigma = schedule.noiseRate(last);
        double scale = Math.sqrt(dataVariance) / Math.sqrt(alpha * alpha * dataVariance + sigma * sigma);
        double error = 0;
        for (int i = 0; i < noise.pixels().length; i++) {
            error = Math.max(error, Math.abs(images.pixels()[i] - scale * noise.pixels()[i]));
        }
        return error;
    }

    @Test
    void recoversTheOnlyImageWithAPerfectDenoiserInAnyNumberOfSteps() {
        float[] pixels = new float[20];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (0.9 * Math.sin(1.3 * i + 0.4));
        }
        ImageBatch target = new ImageBatch(pixels, 1, 4, 5, 1);
        for (NoiseSchedule schedule : List.of(new LinearSchedule(100), new CosineSchedule(100))) {
            for (int steps : new int[] {1, 2, 7, 20, 100}) {
                for (boolean clip : new boolean[] {false, true}) {
                    OracleDenoiser oracle = new OracleDenoiser(schedule, target);
                    ImageBatch images = new DpmSolverSampler(steps, clip).sample(oracle, schedule,
                            SampleNoise.gaussian(3, 4, 5, 1, new SplittableRandom(3)), NO_RANDOMNESS, SamplingObserver.NONE);
                    assertEquals(steps, oracle.calls);
                    for (int i = 0; i < images.pixels().length; i++) {
                        assertEquals(pixels[i % pixels.length], images.pixels()[i], 1e-3, schedule.name() + " " + steps);
                    }
                }
            }
        }
    }

    @Test
    void isSecondOrderOnTheOdeWhereDdimIsFirstOrder() {
        NoiseSchedule schedule = new CosineSchedule(1000);
        double dataVariance = 0.25;
        double ddim40 = errorAgainstExactOde(new DdimSampler(40, 0, false), schedule, dataVariance);
        double ddim80 = errorAgainstExactOde(new DdimSampler(80, 0, false), schedule, dataVariance);
        double dpm40 = errorAgainstExactOde(new DpmSolverSampler(40, false), schedule, dataVariance);
        double dpm80 = errorAgainstExactOde(new DpmSolverSampler(80, false), schedule, dataVariance);
        // Halving the step size divides a first-order method's error by about 2 and a second-order one's by about 4.
        // (At 10-20 steps of this schedule the first, very long step in log-SNR dominates and DDIM is as good.)
        assertTrue(ddim40 / ddim80 < 2.2, "DDIM is first order: " + ddim40 / ddim80);
        assertTrue(dpm40 / dpm80 > 3.3, "DPM-Solver++(2M) is second order: " + dpm40 / dpm80);
        assertTrue(dpm80 < ddim80 / 2, "DPM-Solver++ " + dpm80 + " against DDIM " + ddim80 + " at 80 steps");
    }

    @Test
    void theThirdOrderSolverIsThirdOrderAndBeatsTheSecondInFewSteps() {
        NoiseSchedule schedule = new CosineSchedule(1000);
        double dataVariance = 0.25;
        double third40 = errorAgainstExactOde(new DpmSolverSampler(40, false, 3), schedule, dataVariance);
        double third80 = errorAgainstExactOde(new DpmSolverSampler(80, false, 3), schedule, dataVariance);
        double second80 = errorAgainstExactOde(new DpmSolverSampler(80, false), schedule, dataVariance);
        // Halving the step size divides a third-order method's error by about 8.
        assertTrue(third40 / third80 > 5.5, "DPM-Solver++(3M) is third order: " + third40 / third80);
        // Both keep first-order first and last steps, which set most of what error is left at 80 steps (0.0080 against 0.0087).
        assertTrue(third80 < second80, "3M " + third80 + " against 2M " + second80 + " at 80 steps");
        assertEquals("dpm++3m", SamplerSpec.of("dpm++3m").create().name());
    }

    @Test
    void theThirdOrderSolverRecoversTheOnlyImageWithAPerfectDenoiser() {
        float[] pixels = new float[20];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (0.9 * Math.cos(0.7 * i));
        }
        ImageBatch target = new ImageBatch(pixels, 1, 4, 5, 1);
        NoiseSchedule schedule = new CosineSchedule(100);
        for (int steps : new int[] {1, 2, 3, 8, 100}) {
            ImageBatch images = new DpmSolverSampler(steps, true, 3).sample(new OracleDenoiser(schedule, target), schedule,
                    SampleNoise.gaussian(2, 4, 5, 1, new SplittableRandom(3)), NO_RANDOMNESS, SamplingObserver.NONE);
            for (int i = 0; i < images.pixels().length; i++) {
                assertEquals(pixels[i % pixels.length], images.pixels()[i], 1e-3, steps + " steps");
            }
        }
    }

    /** Document 004's chain x_n = a^n x0 + (1 - a^n) eps is not variance preserving; the solver walks it through its own rates. */
    @Test
    void recoversTheOnlyImageOnTheGeometricChain() {
        float[] pixels = new float[20];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (0.9 * Math.sin(1.3 * i + 0.4));
        }
        ImageBatch target = new ImageBatch(pixels, 1, 4, 5, 1);
        for (GeometricSchedule schedule : List.of(new GeometricSchedule(500), new GeometricSchedule(50, 0.9))) {
            for (int steps : new int[] {1, 2, 7, 20, 50}) {
                for (boolean clip : new boolean[] {false, true}) {
                    OracleDenoiser oracle = new OracleDenoiser(schedule, target);
                    ImageBatch images = new DpmSolverSampler(steps, clip).sample(oracle, schedule,
                            SampleNoise.gaussian(3, 4, 5, 1, new SplittableRandom(3)), NO_RANDOMNESS, SamplingObserver.NONE);
                    assertEquals(steps, oracle.calls);
                    for (int i = 0; i < images.pixels().length; i++) {
                        assertEquals(pixels[i % pixels.length], images.pixels()[i], 1e-3, schedule + " " + steps);
                    }
                }
            }
        }
    }

    /**
     * The oracle's x0 estimate is exact wherever x is, so it cannot tell a right level from a wrong one. A denoiser that
     * answers the true eps can: every visited x_t must then be signalRate x0 + noiseRate eps of the geometric chain, where
     * sqrt(alphaBar) and sqrt(1 - alphaBar) would put it at noise level sqrt(1 - a^2n) instead of 1 - a^n.
     */
    @Test
    void staysOnTheGeometricChainItWasTrainedOn() {
        GeometricChainWalk walk = new GeometricChainWalk(new SplittableRandom(4));
        ImageBatch result = new DpmSolverSampler(20, false).sample(walk.trueNoise, walk.schedule, walk.start, NO_RANDOMNESS,
                walk.checker());
        assertTrue(walk.offChain.isEmpty(), String.join("; ", walk.offChain));
        for (int i = 0; i < result.pixels().length; i++) {
            assertEquals(walk.x0.pixels()[i], result.pixels()[i], 1e-3);
        }
    }

    /**
     * On the geometric chain too the solver follows the probability-flow ODE of its marginals, to second order. The chain's
     * log-SNR falls steeply over its first steps, so the order shows at more steps than on the cosine schedule.
     */
    @Test
    void isSecondOrderOnTheGeometricChainToo() {
        NoiseSchedule schedule = new GeometricSchedule(500);
        double dataVariance = 0.25;
        double ddim80 = errorAgainstExactOde(new DdimSampler(80, 0, false), schedule, dataVariance);
        double ddim160 = errorAgainstExactOde(new DdimSampler(160, 0, false), schedule, dataVariance);
        double dpm80 = errorAgainstExactOde(new DpmSolverSampler(80, false), schedule, dataVariance);
        double dpm160 = errorAgainstExactOde(new DpmSolverSampler(160, false), schedule, dataVariance);
        assertTrue(ddim80 / ddim160 < 2.2, "DDIM is first order: " + ddim80 / ddim160);
        assertTrue(dpm80 / dpm160 > 3.3, "DPM-Solver++(2M) is second order: " + dpm80 / dpm160);
        assertTrue(dpm160 < ddim160, "DPM-Solver++ " + dpm160 + " against DDIM " + ddim160 + " at 160 steps");
    }
}
