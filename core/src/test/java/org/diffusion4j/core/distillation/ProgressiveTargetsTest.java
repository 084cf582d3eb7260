package org.diffusion4j.core.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.ReverseWalk;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.core.schedules.Schedules;
import org.junit.jupiter.api.Test;

class ProgressiveTargetsTest {

    static final NoiseSchedule SCHEDULE = Schedules.create("cosine", 100);
    static final int GRID = 16;

    /** A teacher whose clean-image estimate is g(x_t, t) = 0.5 tanh(x_t) + 0.1 t / T: smooth, in [-1, 1], so never clipped. */
    static final class SmoothTeacher implements Denoiser {
        int calls;

        @Override
        public int height() {
            return 4;
        }

        @Override
        public int width() {
            return 4;
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) {
            calls++;
            float[] x = noisy.pixels();
            float[] eps = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                int t = timesteps[i / noisy.imageSize()];
                double estimate = 0.5 * Math.tanh(x[i]) + 0.1 * t / SCHEDULE.timesteps();
                eps[i] = (float) ((x[i] - SCHEDULE.signalRate(t) * estimate) / SCHEDULE.noiseRate(t));
            }
            return noisy.withPixels(eps);
        }
    }

    @Test
    void oneStudentStepOnItsTargetLandsWhereTwoTeacherStepsLand() {
        for (int studentSteps : new int[] {1, 2, 4, 8}) {
            ProgressiveTargets targets = new ProgressiveTargets(SCHEDULE, GRID, studentSteps, Prediction.V);
            int count = studentSteps;
            int[] positions = new int[count];
            for (int k = 0; k < count; k++) {
                positions[k] = k;
            }
            ImageBatch clean = SampleNoise.gaussian(count, 4, 4, 1, new SplittableRandom(3));
            ImageBatch noise = SampleNoise.gaussian(count, 4, 4, 1, new SplittableRandom(4));
            SmoothTeacher teacher = new SmoothTeacher();
            ProgressiveTargets.Batch batch = targets.batch(teacher, clean, positions, noise);
            assertEquals(2, teacher.calls, "one teacher call per teacher step, for the whole batch");
            ImageBatch studentNoise = Prediction.V.toNoise(batch.noisyImages(), batch.targets(), batch.timesteps(), SCHEDULE);
            for (int k = 0; k < count; k++) {
                ImageBatch start = batch.noisyImages().slice(k, k + 1);
                int t = batch.timesteps()[k];
                ReverseWalk student = new DdimSampler(studentSteps, 0.0, true, GRID).begin(SCHEDULE, t, new SplittableRandom(0));
                assertEquals(t, student.timestep(), "the batch's timestep is one the student's sampler visits");
                ImageBatch studentLanding = student.step(start, studentNoise.slice(k, k + 1)).nextImages();
                ReverseWalk teacherWalk = new DdimSampler(2 * studentSteps, 0.0, true, GRID).begin(SCHEDULE, t, new SplittableRandom(0));
                ImageBatch x = start;
                for (int step = 0; step < 2; step++) {
                    int[] at = {teacherWalk.timestep()};
                    x = teacherWalk.step(x, new SmoothTeacher().predictNoise(x, at)).nextImages();
                }
                assertArrayEquals(x.pixels(), studentLanding.pixels(), 2e-4f, studentSteps + " steps, student step " + k);
            }
        }
    }

    /** The perfect denoiser for a data set of one image: the noise is (x_t - signalRate x*) / noiseRate exactly. */
    record Oracle(float[] image) implements Denoiser {
        public int height() {
            return 4;
        }

        public int width() {
            return 4;
        }

        public int channels() {
            return 1;
        }

        public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) {
            float[] eps = new float[noisy.pixels().length];
            for (int i = 0; i < eps.length; i++) {
                int t = timesteps[i / noisy.imageSize()];
                eps[i] = (float) ((noisy.pixels()[i] - SCHEDULE.signalRate(t) * image[i % image.length]) / SCHEDULE.noiseRate(t));
            }
            return noisy.withPixels(eps);
        }
    }

    @Test
    void aPerfectTeacherOfOneImageTeachesThatImage() {
        float[] pixels = SampleNoise.gaussian(1, 4, 4, 1, new SplittableRandom(5)).pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.tanh(pixels[i]) * 0.9f;
        }
        ImageBatch clean = ImageBatch.zeros(4, 4, 4, 1).withPixels(concat(pixels, 4));
        ImageBatch noise = SampleNoise.gaussian(4, 4, 4, 1, new SplittableRandom(6));
        ProgressiveTargets.Batch x0Batch = new ProgressiveTargets(SCHEDULE, GRID, 4, Prediction.X0).batch(new Oracle(pixels), clean,
                new int[] {0, 1, 2, 3}, noise);
        assertArrayEquals(clean.pixels(), x0Batch.targets().pixels(), 1e-4f, "x0 targets are the one image at every step");
        ProgressiveTargets.Batch vBatch = new ProgressiveTargets(SCHEDULE, GRID, 4, Prediction.V).batch(new Oracle(pixels), clean,
                new int[] {0, 1, 2, 3}, noise);
        for (int i = 0; i < clean.pixels().length; i++) {
            int t = vBatch.timesteps()[i / 16];
            double v = SCHEDULE.signalRate(t) * noise.pixels()[i] - SCHEDULE.noiseRate(t) * clean.pixels()[i];
            assertEquals(v, vBatch.targets().pixels()[i], 1e-4, "v target of pixel " + i);
        }
    }

    @Test
    void refusesGridsThatRoundsCannotHalve() {
        assertThrows(IllegalArgumentException.class, () -> new ProgressiveTargets(SCHEDULE, 12, 4, Prediction.V));
        assertThrows(IllegalArgumentException.class, () -> new ProgressiveTargets(SCHEDULE, 16, 16, Prediction.V));
        assertThrows(IllegalArgumentException.class, () -> new ProgressiveTargets(SCHEDULE, 16, 4, Prediction.CHAIN_EPS));
    }

    @Test
    void gridTimestepsNestAndMatchDdimOnTheirOwnGrid() {
        int[] eight = DdimSampler.gridTimesteps(SCHEDULE, 8, 64);
        int[] four = DdimSampler.gridTimesteps(SCHEDULE, 4, 64);
        for (int i = 0; i < 4; i++) {
            assertEquals(eight[2 * i], four[i]);
        }
        assertArrayEquals(new int[] {99, 74, 49, 24}, four);
        assertArrayEquals(new DdimSampler(16, 0, true).timesteps(SCHEDULE), DdimSampler.gridTimesteps(SCHEDULE, 16, 16));
        assertThrows(IllegalArgumentException.class, () -> new DdimSampler(3, 0, true, 64));
    }

    private static float[] concat(float[] image, int times) {
        float[] all = new float[image.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(image, 0, all, i * image.length, image.length);
        }
        return all;
    }
}
