package org.diffusion4j.core.schedules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.diffusion4j.core.images.ImageBatch;
import org.junit.jupiter.api.Test;

class AddNoiseTest {

    private static ImageBatch gaussian(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[2 * 3 * 3 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        return new ImageBatch(pixels, 2, 3, 3, 2);
    }

    /**
     * sqrt(alphaBar) x0 + sqrt(1 - alphaBar) eps on variance-preserving schedules, and a^n x0 + (1 - a^n) eps with
     * n = t + 1 on document 004's geometric chain.
     */
    @Test
    void addNoiseIsTheClosedFormOfEachSchedule() {
        ImageBatch clean = gaussian(1);
        ImageBatch noise = gaussian(2);
        float[] cleanBefore = clean.pixels().clone();
        float[] noiseBefore = noise.pixels().clone();
        for (NoiseSchedule schedule : List.of(new LinearSchedule(100), new CosineSchedule(50), new GeometricSchedule(80, 0.97))) {
            for (int t : new int[] {0, 7, schedule.timesteps() - 1}) {
                double signal;
                double noiseRate;
                if (schedule instanceof GeometricSchedule geometric) {
                    signal = Math.pow(geometric.a(), t + 1);
                    noiseRate = 1 - signal;
                } else {
                    double alphaBar = schedule.alphaBars()[t];
                    signal = Math.sqrt(alphaBar);
                    noiseRate = Math.sqrt(1 - alphaBar);
                }
                ImageBatch noisy = schedule.addNoise(clean, noise, t);
                assertArrayEquals(clean.shape(), noisy.shape());
                for (int i = 0; i < clean.pixels().length; i++) {
                    assertEquals(signal * clean.pixels()[i] + noiseRate * noise.pixels()[i], noisy.pixels()[i], 1e-6,
                            schedule + " t=" + t + " pixel " + i);
                }
            }
        }
        assertArrayEquals(cleanBefore, clean.pixels());
        assertArrayEquals(noiseBefore, noise.pixels());
    }

    @Test
    void addNoiseExplainsMisuse() {
        NoiseSchedule schedule = new CosineSchedule(50);
        ImageBatch clean = gaussian(1);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> schedule.addNoise(clean, clean.slice(0, 1), 3));
        assertTrue(shape.getMessage().contains("does not match"), shape.getMessage());
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class, () -> schedule.addNoise(clean, clean, 50));
        assertTrue(step.getMessage().contains("0..49"), step.getMessage());
    }
}
