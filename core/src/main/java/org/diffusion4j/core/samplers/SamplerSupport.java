package org.diffusion4j.core.samplers;

import java.util.Arrays;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * The math the samplers share, written once so DDPM, DDIM and DPM-Solver++ cannot drift apart: which timesteps a
 * few-step sampler visits, the rates of a noise level, the clean-image estimate from a noise prediction, and the
 * guard of samplers whose update only holds on a variance-preserving schedule. Also the checks of {@link ReverseWalk}.
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

    /** T-1 down to 0: the timesteps of the samplers that visit every one. */
    static int[] everyTimestep(NoiseSchedule schedule) {
        int total = schedule.timesteps();
        int[] sequence = new int[total];
        for (int step = 0; step < total; step++) {
            sequence[step] = total - 1 - step;
        }
        return sequence;
    }

    /**
     * The part of a sampler's decreasing {@code timesteps} at or below {@code startTimestep}: where a walk from an image
     * noised part of the way goes. The levels after each visited timestep stay those of the whole walk, since only a
     * leading part is dropped.
     */
    static int[] startingAt(int[] timesteps, int startTimestep, NoiseSchedule schedule, String sampler) {
        int last = schedule.timesteps() - 1;
        if (startTimestep < 0 || startTimestep > last) {
            throw new IllegalArgumentException("a " + sampler + " walk starts at a timestep in 0.." + last + ", got " + startTimestep);
        }
        int first = 0;
        while (first < timesteps.length && timesteps[first] > startTimestep) {
            first++;
        }
        if (first == timesteps.length) {
            throw new IllegalArgumentException("the " + sampler + " sampler visits no timestep at or below " + startTimestep
                    + " on this schedule; its smallest is " + timesteps[timesteps.length - 1]);
        }
        return Arrays.copyOfRange(timesteps, first, timesteps.length);
    }

    /**
     * The clean-image estimate predictedImages = (x_t - noiseRate eps) / signalRate, clipped to the data range [-1, 1]
     * when asked, which keeps early, unreliable steps from pushing pixels far outside it.
     */
    static double predictedImage(double noisy, double predictedNoise, Level level, boolean clip) {
        double predicted = Prediction.X0.fromNoise(noisy, predictedNoise, level.signalRate(), level.noiseRate());
        return clip ? clip(predicted) : predicted;
    }

    /** The noise that explains x_t given a clean-image estimate: after clipping the estimate, eps must follow it. */
    static double impliedNoise(double noisy, double predictedImage, Level level) {
        return Prediction.X0.toNoise(noisy, predictedImage, level.signalRate(), level.noiseRate());
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

    /**
     * Refuses a denoiser whose noise the sampler cannot use: only the chain sampler inverts one chain step's noise.
     * The chain sampler takes any denoiser, since some that predict chain noise (a rebuilt Keras network, a timing
     * wrapper) predate {@link Denoiser#prediction()} and declare the default.
     */
    static void checkPrediction(Denoiser denoiser, String sampler, boolean perStepNoise) {
        if (!perStepNoise && denoiser.prediction() == Prediction.CHAIN_EPS) {
            throw new IllegalArgumentException("the " + sampler + " sampler needs the closed-form noise of x_t, and this denoiser "
                    + "predicts one chain step's noise (CHAIN_EPS): use the chain sampler");
        }
    }

    /** The denoiser's answer in the batch's shape, after making sure it has one value per pixel. */
    static ImageBatch predictedNoise(Denoiser denoiser, ImageBatch noisyImages, int[] timesteps) {
        ImageBatch noises = denoiser.predictNoise(noisyImages, timesteps);
        if (noises.pixels().length != noisyImages.pixels().length) {
            throw new IllegalStateException("the denoiser returned " + noises.pixels().length
                    + " noise values for a batch of " + noisyImages.pixels().length + " pixels");
        }
        return noisyImages.withPixels(noises.pixels());
    }

    /** A fresh batch of the same shape, all zeros. */
    static ImageBatch sameShape(ImageBatch images) {
        return images.withPixels(new float[images.pixels().length]);
    }

    /** A fresh batch of the same shape and pixels. */
    static ImageBatch copyOf(ImageBatch images) {
        return images.withPixels(images.pixels().clone());
    }
}
