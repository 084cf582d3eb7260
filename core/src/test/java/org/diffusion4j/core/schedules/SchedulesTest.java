package org.diffusion4j.core.schedules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    private static List<NoiseSchedule> allSchedules() {
        return List.of(new LinearSchedule(1000), new CosineSchedule(100), new GeometricSchedule(500),
                new LinearSchedule(10, 0.001, 0.3), new CosineSchedule(7));
    }

    @Test
    void aScheduleSaysVariancePreservingExactlyWhenItsRatesAre() {
        for (NoiseSchedule schedule : allSchedules()) {
            boolean squaresAddUp = true;
            for (int t = 0; t < schedule.timesteps(); t++) {
                double signal = schedule.signalRate(t);
                double noise = schedule.noiseRate(t);
                squaresAddUp &= Math.abs(signal * signal + noise * noise - 1.0) < 1e-9;
            }
            assertEquals(squaresAddUp, schedule.variancePreserving(), schedule.toString());
        }
    }

    @Test
    void linearAlphaBarIsTheProductOfOneMinusLinearBetas() {
        int steps = 1000;
        LinearSchedule schedule = new LinearSchedule(steps);
        double[] betas = schedule.betas();
        double[] alphaBars = schedule.alphaBars();
        assertEquals(1e-4, betas[0], 1e-15);
        assertEquals(0.02, betas[steps - 1], 1e-15);
        double product = 1.0;
        for (int t = 0; t < steps; t++) {
            double beta = 1e-4 + (0.02 - 1e-4) * t / (steps - 1.0);
            assertEquals(beta, betas[t], 1e-15);
            product *= 1.0 - beta;
            assertEquals(product, alphaBars[t], 1e-12 * product);
            assertEquals(1.0 - beta, schedule.alphas()[t], 1e-15);
        }
        // DDPM's schedule leaves almost no signal at the end.
        assertTrue(alphaBars[steps - 1] < 1e-4);
    }

    @Test
    void cosineAlphaBarFollowsTheSquaredCosineUntilClipping() {
        int steps = 100;
        double s = 0.008;
        CosineSchedule schedule = new CosineSchedule(steps);
        double[] betas = schedule.betas();
        double[] alphaBars = schedule.alphaBars();
        double f0 = f(0, steps, s);
        int unclipped = 0;
        for (int t = 0; t < steps; t++) {
            assertTrue(betas[t] > 0 && betas[t] <= 0.999, "beta_" + t + " = " + betas[t]);
            if (betas[t] < 0.999) {
                assertEquals(f(t + 1, steps, s) / f0, alphaBars[t], 1e-12);
                unclipped++;
            }
        }
        // Only the last beta (f(T) = 0 would make it 1) needs clipping.
        assertEquals(steps - 1, unclipped);
        assertEquals(0.999, betas[steps - 1], 0.0);
        assertEquals(alphaBars[steps - 2] * 0.001, alphaBars[steps - 1], 1e-18);
    }

    private static double f(int u, int steps, double s) {
        double c = Math.cos(((double) u / steps + s) / (1 + s) * Math.PI / 2);
        return c * c;
    }

    @Test
    void posteriorMeanOfANoiselessImageIsTheLessNoisyImage() {
        // With zero noise x_t = sqrt(alphaBar_t) x0, and the posterior mean must be sqrt(alphaBar_{t-1}) x0.
        for (NoiseSchedule schedule : allSchedules()) {
            double[] alphaBars = schedule.alphaBars();
            double x0 = 0.7;
            for (int t = 0; t < schedule.timesteps(); t++) {
                double xt = Math.sqrt(alphaBars[t]) * x0;
                double mean = schedule.posteriorMeanCoefficientX0(t) * x0 + schedule.posteriorMeanCoefficientXt(t) * xt;
                double previousAlphaBar = t == 0 ? 1.0 : alphaBars[t - 1];
                assertEquals(Math.sqrt(previousAlphaBar) * x0, mean, 1e-12, schedule + " t=" + t);
            }
        }
    }

    @Test
    void posteriorVarianceIsPositiveExceptAtTheFirstStep() {
        for (NoiseSchedule schedule : allSchedules()) {
            assertEquals(0.0, schedule.posteriorVariance(0), 0.0);
            assertEquals(1.0, schedule.posteriorMeanCoefficientX0(0), 1e-12);
            assertEquals(0.0, schedule.posteriorMeanCoefficientXt(0), 0.0);
            double[] betas = schedule.betas();
            for (int t = 1; t < schedule.timesteps(); t++) {
                double variance = schedule.posteriorVariance(t);
                assertTrue(variance > 0 && variance <= betas[t], schedule + " t=" + t + " variance " + variance);
            }
        }
    }

    @Test
    void varianceSchedulesPreserveVariance() {
        for (NoiseSchedule schedule : List.of(new LinearSchedule(1000), new CosineSchedule(100))) {
            double[] alphaBars = schedule.alphaBars();
            for (int t = 0; t < schedule.timesteps(); t++) {
                assertEquals(Math.sqrt(alphaBars[t]), schedule.signalRate(t), 1e-15);
                double signal = schedule.signalRate(t);
                double noise = schedule.noiseRate(t);
                assertEquals(1.0, signal * signal + noise * noise, 1e-12);
            }
        }
    }

    @Test
    void geometricRatesArePowersOfA() {
        GeometricSchedule schedule = new GeometricSchedule(500);
        assertEquals(0.99, schedule.a(), 0.0);
        for (int n = 1; n <= 500; n++) {
            int t = n - 1;
            assertEquals(Math.pow(0.99, n), schedule.signalRate(t), 1e-14);
            assertEquals(1 - Math.pow(0.99, n), schedule.noiseRate(t), 1e-14);
            // The variance-preserving analogue has the same signal.
            assertEquals(Math.pow(0.99, 2 * n), schedule.alphaBars()[t], 1e-12);
            assertEquals(1 - 0.99 * 0.99, schedule.betas()[t], 1e-15);
        }
        // Document 004: 500 steps leave well under 1% of the image.
        assertTrue(schedule.signalRate(499) < 0.01);
    }

    @Test
    void geometricWithFewerStepsEndsAtTheSameSignal() {
        GeometricSchedule schedule = new GeometricSchedule(500, 0.99);
        GeometricSchedule shorter = schedule.withSteps(50);
        assertEquals(50, shorter.timesteps());
        assertEquals(Math.pow(0.99, 10), shorter.a(), 1e-15);
        assertEquals(schedule.signalRate(499), shorter.signalRate(49), 1e-14);
    }

    @Test
    void returnedArraysAreCopies() {
        NoiseSchedule schedule = new LinearSchedule(10);
        schedule.betas()[0] = 42;
        schedule.alphas()[0] = 42;
        schedule.alphaBars()[0] = 42;
        assertEquals(1e-4, schedule.betas()[0], 1e-15);
        assertEquals(1 - 1e-4, schedule.alphas()[0], 1e-15);
        assertEquals(1 - 1e-4, schedule.alphaBars()[0], 1e-15);
    }

    @Test
    void factoryKnowsTheThreeSchedules() {
        assertInstanceOf(LinearSchedule.class, Schedules.create("linear", 10));
        assertInstanceOf(CosineSchedule.class, Schedules.create("Cosine", 10));
        assertInstanceOf(GeometricSchedule.class, Schedules.create("geometric", 10));
        for (String name : Schedules.NAMES) {
            NoiseSchedule schedule = Schedules.create(name, 12);
            assertEquals(name, schedule.name());
            assertEquals(12, schedule.timesteps());
        }
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Schedules.create("quadratic", 10));
        assertTrue(error.getMessage().contains("quadratic"), error.getMessage());
        assertTrue(error.getMessage().contains("linear, cosine, geometric"), error.getMessage());
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(0));
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(10, 0.0, 0.02));
        assertThrows(IllegalArgumentException.class, () -> new GeometricSchedule(10, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(-3));
        assertThrows(IndexOutOfBoundsException.class, () -> new CosineSchedule(10).signalRate(10));
    }

    @Test
    void configRoundTripsThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ScheduleConfig config = new ScheduleConfig("cosine", 100);
        String text = json.writeValueAsString(config);
        assertEquals("{\"name\":\"cosine\",\"timesteps\":100}", text);
        ScheduleConfig read = json.readValue(text, ScheduleConfig.class);
        assertEquals(config, read);
        NoiseSchedule schedule = read.create();
        assertInstanceOf(CosineSchedule.class, schedule);
        assertArrayEquals(new CosineSchedule(100).alphaBars(), schedule.alphaBars(), 0.0);
    }
}
