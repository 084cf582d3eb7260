package org.diffusion4j.core.samplers;

import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * The math the samplers share, written once so DDPM, DDIM and DPM-Solver++ cannot drift apart: which timesteps a
 * few-step sampler visits, the rates of a noise level, the clean-image estimate from a noise prediction, and the
 * guard of samplers whose update only holds on a variance-preserving schedule. Also the checks and pixel buffers of
 * {@link ReverseProcess}.
 */
final class SamplerSupport {

    private SamplerSupport() {
    }

    /**
     * The coefficients of x_t = signalRate x0 + noiseRate eps at one noise level. Samplers take them from the schedule
     * rather than as sqrt(alphaBar) and sqrt(1 - alphaBar): the two agree on variance-preserving schedules, and only the
     * rates are right on document 004's geometric chain, whose noise rate is 1 - a^n.
     */
    record Level(double signalRate, double noiseRate) {

        /** Below the smallest timestep: the clean image, where a reverse process ends. */
        static final Level CLEAN = new Level(1.0, 0.0);

        static Level at(NoiseSchedule schedule, int t) {
            return new Level(schedule.signalRate(t), schedule.noiseRate(t));
        }

        /** The level after {@code step} of a walk through {@code sequence}: the next visited timestep, or the clean image. */
        static Level after(NoiseSchedule schedule, int[] sequence, int step) {
            return step + 1 == sequence.length ? CLEAN : at(schedule, sequence[step + 1]);
        }

        /** lambda = log(signalRate / noiseRate), the log signal-to-noise ratio DPM-Solver steps in; +infinity when clean. */
        double logSnr() {
            return Math.log(signalRate / noiseRate);
        }
    }

    /**
     * Refuses a schedule that is not variance preserving, for samplers whose update is built from the betas (the DDPM
     * posterior draws noise of variance 1 - alphaBar where a network on the geometric chain learned another noise rate).
     */
    static void requireVariancePreserving(NoiseSchedule schedule, String sampler, String alternatives) {
        if (!schedule.variancePreserving()) {
            throw new IllegalArgumentException("the " + sampler + " sampler needs a variance-preserving schedule, and '"
                    + schedule.name() + "' is not; " + alternatives);
        }
    }

    /**
     * {@code steps} timesteps evenly spread over 0..T-1 (rounded), decreasing: starting at T-1 and, for more than one
     * step, ending at 0. {@code sampler} names the sampler in the error for too many steps.
     */
    static int[] evenlySpacedTimesteps(NoiseSchedule schedule, int steps, String sampler) {
        int total = schedule.timesteps();
        if (steps < 1 || steps > total) {
            throw new IllegalArgumentException(sampler + " steps must be in 1.." + total + " for a schedule with "
                    + total + " timesteps, got " + steps);
        }
        int[] sequence = new int[steps];
        for (int i = 0; i < steps; i++) {
            // Spacing (T-1)/(steps-1) is at least 1 here, so rounding never produces duplicates.
            sequence[i] = steps == 1 ? total - 1
                    : (int) Math.round((double) (steps - 1 - i) * (total - 1) / (steps - 1));
        }
        return sequence;
    }

    /**
     * The clean-image estimate predictedImages = (x_t - noiseRate eps) / signalRate, clipped to the data range [-1, 1]
     * when asked, which keeps early, unreliable steps from pushing pixels far outside it.
     */
    static double predictedImage(double noisy, double predictedNoise, Level level, boolean clip) {
        double predicted = (noisy - level.noiseRate() * predictedNoise) / level.signalRate();
        return clip ? clip(predicted) : predicted;
    }

    /** The noise that explains x_t given a clean-image estimate: after clipping the estimate, eps must follow it. */
    static double impliedNoise(double noisy, double predictedImage, Level level) {
        return (noisy - level.signalRate() * predictedImage) / level.noiseRate();
    }

    static double clip(double value) {
        return Math.max(-1.0, Math.min(1.0, value));
    }

    /** Fails early and clearly instead of deep inside the denoiser. */
    static void checkNoiseFitsDenoiser(Denoiser denoiser, ImageBatch initialNoise) {
        if (initialNoise.height() != denoiser.height() || initialNoise.width() != denoiser.width()
                || initialNoise.channels() != denoiser.channels()) {
            throw new IllegalArgumentException("initial noise has images of " + initialNoise.height() + "x"
                    + initialNoise.width() + "x" + initialNoise.channels() + " but the denoiser makes "
                    + denoiser.height() + "x" + denoiser.width() + "x" + denoiser.channels());
        }
    }

    /** The pixels of the denoiser's answer, after making sure it matches the batch it was given. */
    static float[] predictedNoises(Denoiser denoiser, ImageBatch noisyImages, int[] timesteps) {
        ImageBatch noises = denoiser.predictNoise(noisyImages, timesteps);
        if (noises.pixels().length != noisyImages.pixels().length) {
            throw new IllegalStateException("the denoiser returned " + noises.pixels().length
                    + " noise values for a batch of " + noisyImages.pixels().length + " pixels");
        }
        return noises.pixels();
    }

    /** A fresh batch of the same shape, so the caller's initial noise is never written to. */
    static ImageBatch copyOf(ImageBatch images) {
        return images.withPixels(images.pixels().clone());
    }

    static ImageBatch sameShape(ImageBatch images) {
        return images.withPixels(new float[images.pixels().length]);
    }
}
