package org.diffusion4j.core.distillation;

import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * What a student of progressive distillation (Salimans and Ho, 2022) learns in one round: one deterministic DDIM step of
 * the student goes where two of its teacher's go.
 *
 * <p>The student walks N steps and the teacher 2N on the same grid ({@link DdimSampler#gridTimesteps}): student step j
 * starts at teacher step 2j and ends where teacher step 2j + 1 ends (the clean image after the last). A clean image x
 * noised to the student's timestep t, z_t = alpha_t x + sigma_t eps, is walked two teacher steps to z''; the clean image
 * that one DDIM step from z_t would have to estimate to land on z'' is
 * x~ = (z'' - (sigma''/sigma_t) z_t) / (alpha'' - (sigma''/sigma_t) alpha_t), and the student's target is x~ written as its
 * own kind of output (v for a v-predicting student, whose error then weighs the clean-image error by 1 + SNR). The teacher's
 * steps clip each clean-image estimate to [-1, 1], as the samplers do by default.
 */
public final class ProgressiveTargets {

    /** A batch to train the student on: noisy images, their timesteps, and what the student should output for each. */
    public record Batch(ImageBatch noisyImages, int[] timesteps, ImageBatch targets) {
    }

    private final NoiseSchedule schedule;
    private final Prediction studentPrediction;
    private final int[] studentTimesteps;
    private final int[] teacherTimesteps;

    /**
     * @param schedule          the schedule teacher and student were trained on (variance preserving)
     * @param grid              the finest walk, whose timesteps both walks are taken from
     * @param studentSteps      the student's steps this round; the teacher takes twice as many
     * @param studentPrediction what the student's output means
     */
    public ProgressiveTargets(NoiseSchedule schedule, int grid, int studentSteps, Prediction studentPrediction) {
        if (!schedule.variancePreserving()) {
            throw new IllegalArgumentException("progressive distillation needs a variance-preserving schedule");
        }
        if (studentPrediction == Prediction.CHAIN_EPS) {
            throw new IllegalArgumentException("a student predicts the closed-form noise, the clean image or v, not chain noise");
        }
        if (studentSteps < 1 || 2 * studentSteps > grid || grid % (2 * studentSteps) != 0) {
            throw new IllegalArgumentException("a round halves " + 2 * studentSteps + " teacher steps, which must divide the grid of "
                    + grid + " steps");
        }
        this.schedule = schedule;
        this.studentPrediction = studentPrediction;
        this.studentTimesteps = DdimSampler.gridTimesteps(schedule, studentSteps, grid);
        this.teacherTimesteps = DdimSampler.gridTimesteps(schedule, 2 * studentSteps, grid);
    }

    /** The timesteps the student visits, decreasing. */
    public int[] studentTimesteps() {
        return studentTimesteps.clone();
    }

    /**
     * The round's training batch: image k noised with {@code noise} to the timestep of student step {@code positions[k]}
     * (0 .. N-1), and its target from two steps of {@code teacher}, which is asked once per teacher step for the whole batch
     * (a guided teacher answers with its guidance).
     */
    public Batch batch(Denoiser teacher, ImageBatch cleanImages, int[] positions, ImageBatch noise) {
        int count = cleanImages.count();
        if (positions.length != count) {
            throw new IllegalArgumentException("got " + positions.length + " step positions for " + count + " images");
        }
        int size = cleanImages.imageSize();
        int[] timesteps = new int[count];
        int[] middle = new int[count];
        float[] clean = cleanImages.pixels();
        float[] eps = noise.pixels();
        float[] noisy = new float[clean.length];
        for (int k = 0; k < count; k++) {
            int position = positions[k];
            if (position < 0 || position >= studentTimesteps.length) {
                throw new IllegalArgumentException("step position " + position + " is outside 0.." + (studentTimesteps.length - 1));
            }
            timesteps[k] = studentTimesteps[position];
            middle[k] = teacherTimesteps[2 * position + 1];
            double alpha = schedule.signalRate(timesteps[k]);
            double sigma = schedule.noiseRate(timesteps[k]);
            for (int i = k * size; i < (k + 1) * size; i++) {
                noisy[i] = (float) (alpha * clean[i] + sigma * eps[i]);
            }
        }
        ImageBatch start = cleanImages.withPixels(noisy);
        ImageBatch halfway = teacherStep(start, teacher.predictNoise(start, timesteps), timesteps, middle);
        int[] ends = new int[count];
        for (int k = 0; k < count; k++) {
            ends[k] = positions[k] + 1 < studentTimesteps.length ? studentTimesteps[positions[k] + 1] : CLEAN;
        }
        ImageBatch end = teacherStep(halfway, teacher.predictNoise(halfway, middle), middle, ends);
        float[] landed = end.pixels();
        float[] targets = new float[noisy.length];
        for (int k = 0; k < count; k++) {
            double alpha = schedule.signalRate(timesteps[k]);
            double sigma = schedule.noiseRate(timesteps[k]);
            double endAlpha = signalRate(ends[k]);
            double endSigma = noiseRate(ends[k]);
            double ratio = endSigma / sigma;
            for (int i = k * size; i < (k + 1) * size; i++) {
                double cleanTarget = (landed[i] - ratio * noisy[i]) / (endAlpha - ratio * alpha);
                double impliedNoise = (noisy[i] - alpha * cleanTarget) / sigma;
                targets[i] = (float) studentPrediction.fromNoise(noisy[i], impliedNoise, alpha, sigma);
            }
        }
        return new Batch(start, timesteps, cleanImages.withPixels(targets));
    }

    /** The level after a walk's last timestep: the clean image. */
    private static final int CLEAN = -1;

    private double signalRate(int t) {
        return t == CLEAN ? 1 : schedule.signalRate(t);
    }

    private double noiseRate(int t) {
        return t == CLEAN ? 0 : schedule.noiseRate(t);
    }

    /** One deterministic, clipped DDIM step per image, from {@code from[k]} to {@code to[k]}, as {@link DdimSampler} takes it. */
    private ImageBatch teacherStep(ImageBatch x, ImageBatch predictedNoise, int[] from, int[] to) {
        int size = x.imageSize();
        float[] pixels = x.pixels();
        float[] noises = predictedNoise.pixels();
        float[] next = new float[pixels.length];
        for (int k = 0; k < x.count(); k++) {
            double alpha = schedule.signalRate(from[k]);
            double sigma = schedule.noiseRate(from[k]);
            double nextAlpha = signalRate(to[k]);
            double nextSigma = noiseRate(to[k]);
            for (int i = k * size; i < (k + 1) * size; i++) {
                double predicted = Math.max(-1, Math.min(1, (pixels[i] - sigma * noises[i]) / alpha));
                double impliedNoise = (pixels[i] - alpha * predicted) / sigma;
                next[i] = (float) (nextAlpha * predicted + nextSigma * impliedNoise);
            }
        }
        return x.withPixels(next);
    }
}
