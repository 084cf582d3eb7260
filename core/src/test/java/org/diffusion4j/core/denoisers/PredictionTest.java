package org.diffusion4j.core.denoisers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.core.schedules.LinearSchedule;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.junit.jupiter.api.Test;

class PredictionTest {

    private static ImageBatch gaussian(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[3 * 2 * 2 * 1];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        return new ImageBatch(pixels, 3, 2, 2, 1);
    }

    /** The JSON cards name these constants: renaming one breaks every card that uses it. */
    @Test
    void theCardsConstantNamesStay() {
        assertEquals(List.of("EPS", "CHAIN_EPS", "X0", "V"), java.util.Arrays.stream(Prediction.values()).map(Enum::name).toList());
        assertEquals(Prediction.CHAIN_EPS, Prediction.valueOf("CHAIN_EPS"));
    }

    /** x_t = alpha x0 + sigma eps and v = alpha eps - sigma x0: each output converts to eps and back in closed form. */
    @Test
    void conversionsFollowTheClosedForms() {
        for (NoiseSchedule schedule : List.of(new LinearSchedule(100), new CosineSchedule(50))) {
            for (int t : new int[] {0, schedule.timesteps() / 3, schedule.timesteps() - 1}) {
                double alpha = schedule.signalRate(t);
                double sigma = schedule.noiseRate(t);
                double x0 = 0.37;
                double eps = -1.21;
                double x = alpha * x0 + sigma * eps;
                double v = alpha * eps - sigma * x0;
                assertEquals(eps, Prediction.X0.toNoise(x, x0, alpha, sigma), 1e-9);
                assertEquals(eps, Prediction.V.toNoise(x, v, alpha, sigma), 1e-9);
                assertEquals(x0, Prediction.X0.fromNoise(x, eps, alpha, sigma), 1e-9);
                assertEquals(v, Prediction.V.fromNoise(x, eps, alpha, sigma), 1e-9);
                for (Prediction noise : new Prediction[] {Prediction.EPS, Prediction.CHAIN_EPS}) {
                    assertEquals(eps, noise.toNoise(x, eps, alpha, sigma));
                    assertEquals(eps, noise.fromNoise(x, eps, alpha, sigma));
                }
            }
        }
    }

    /** Per image at its own timestep: to noise and back gives the output, from noise and back gives the noise. */
    @Test
    void batchConversionsRoundTrip() {
        NoiseSchedule schedule = new CosineSchedule(40);
        ImageBatch noisy = gaussian(1);
        ImageBatch values = gaussian(2);
        int[] timesteps = {0, 17, 38};
        for (Prediction prediction : Prediction.values()) {
            ImageBatch noise = prediction.toNoise(noisy, values, timesteps, schedule);
            ImageBatch back = prediction.fromNoise(noisy, noise, timesteps, schedule);
            ImageBatch output = prediction.fromNoise(noisy, values, timesteps, schedule);
            ImageBatch again = prediction.toNoise(noisy, output, timesteps, schedule);
            for (int i = 0; i < values.pixels().length; i++) {
                // At t = 0 sigma is small and x0 -> eps divides by it: compare relative to the size of the answer.
                assertEquals(values.pixels()[i], back.pixels()[i], 1e-5 * Math.max(1, Math.abs(noise.pixels()[i])), prediction + " " + i);
                assertEquals(values.pixels()[i], again.pixels()[i], 1e-5 * Math.max(1, Math.abs(output.pixels()[i])), prediction + " " + i);
            }
            int image = 1;
            double alpha = schedule.signalRate(timesteps[image]);
            double sigma = schedule.noiseRate(timesteps[image]);
            int pixel = image * noisy.imageSize() + 2;
            assertEquals((float) prediction.toNoise(noisy.pixels()[pixel], values.pixels()[pixel], alpha, sigma), noise.pixels()[pixel],
                    "image k converts at timesteps[k]");
        }
        assertSame(values, Prediction.EPS.toNoise(noisy, values, timesteps, schedule), "noise needs no conversion");
        assertSame(values, Prediction.CHAIN_EPS.fromNoise(noisy, values, timesteps, schedule));
    }

    /**
     * The conversion interop's SavedModelDenoiser made before it called this enum, copied as it was: the enum must give
     * the same bits, so imported models sample exactly as before.
     */
    private static float[] savedModelDenoiserToNoise(Prediction prediction, NoiseSchedule schedule, float[] x, float[] output,
                                                     int[] timesteps, int imageSize) {
        if (prediction == Prediction.EPS || prediction == Prediction.CHAIN_EPS) {
            return output;
        }
        float[] eps = new float[output.length];
        for (int i = 0; i < output.length; i++) {
            int t = timesteps[i / imageSize];
            double signal = schedule.signalRate(t);
            double noise = schedule.noiseRate(t);
            eps[i] = (float) (prediction == Prediction.X0
                    ? (x[i] - signal * output[i]) / noise
                    : signal * output[i] + noise * x[i]);
        }
        return eps;
    }

    @Test
    void toNoiseGivesTheBitsTheImportedModelsGaveBefore() {
        ImageBatch noisy = gaussian(3);
        ImageBatch outputs = gaussian(4);
        int[] timesteps = {0, 9, 39};
        for (NoiseSchedule schedule : List.of(new CosineSchedule(40), new LinearSchedule(40),
                new org.diffusion4j.core.schedules.GeometricSchedule(40))) {
            for (Prediction prediction : Prediction.values()) {
                float[] before = savedModelDenoiserToNoise(prediction, schedule, noisy.pixels(), outputs.pixels(), timesteps,
                        noisy.imageSize());
                float[] now = prediction.toNoise(noisy, outputs, timesteps, schedule).pixels();
                assertEquals(before.length, now.length);
                for (int i = 0; i < now.length; i++) {
                    assertEquals(Float.floatToIntBits(before[i]), Float.floatToIntBits(now[i]), prediction + " on " + schedule + ", " + i);
                }
            }
        }
    }

    @Test
    void mismatchedBatchesAreExplained() {
        NoiseSchedule schedule = new CosineSchedule(40);
        ImageBatch noisy = gaussian(1);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Prediction.X0.toNoise(noisy, noisy.slice(0, 2), new int[] {1, 2, 3}, schedule));
        assertTrue(shape.getMessage().contains("does not match"), shape.getMessage());
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
                () -> Prediction.V.fromNoise(noisy, noisy, new int[] {1, 2}, schedule));
        assertTrue(steps.getMessage().contains("one timestep per image"), steps.getMessage());
    }

    /** A denoiser predicts eps in [-1, 1] pixels unless it says otherwise; guidance keeps what its model says. */
    @Test
    void theDenoiserContractDefaultsToEpsInPixelUnitsAndGuidanceForwardsIt() {
        Denoiser plain = new Denoiser() {
            public int height() { return 2; }
            public int width() { return 2; }
            public int channels() { return 1; }
            public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) { return noisy; }
        };
        assertEquals(Prediction.EPS, plain.prediction());
        assertEquals(1.0, plain.pixelScale());

        GuidedDenoiserTest.StubModel stub = new GuidedDenoiserTest.StubModel();
        GuidedDenoiser guided = new GuidedDenoiser(stub, new int[] {1}, 2.0);
        assertEquals(Prediction.EPS, guided.prediction());
        assertEquals(1.0, guided.pixelScale());
        ConditionalDenoiser scaledX0 = new ConditionalDenoiser() {
            public int classes() { return stub.classes(); }
            public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps, int[] labels) { return stub.predictNoise(noisy, timesteps, labels); }
            public int height() { return stub.height(); }
            public int width() { return stub.width(); }
            public int channels() { return stub.channels(); }
            public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) { return stub.predictNoise(noisy, timesteps); }
            public Prediction prediction() { return Prediction.X0; }
            public double pixelScale() { return 0.5; }
        };
        GuidedDenoiser guidedScaled = new GuidedDenoiser(scaledX0, new int[] {1}, 2.0);
        assertEquals(Prediction.X0, guidedScaled.prediction());
        assertEquals(0.5, guidedScaled.pixelScale());
    }
}
