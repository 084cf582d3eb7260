package org.diffusion4j.core.schedules;

import org.diffusion4j.core.images.ImageBatch;

/**
 * A discrete forward noising process over timesteps t = 0 .. T-1 (0-based: t = 0 is the first, least
 * noisy step). The noisy image at step t is {@code signalRate(t) * x0 + noiseRate(t) * noise}.
 * Variance-preserving schedules have signalRate = sqrt(alphaBar) and noiseRate = sqrt(1 - alphaBar).
 */
public interface NoiseSchedule {

    /** Number of timesteps T. */
    int timesteps();

    /** beta_t, t = 0 .. T-1. */
    double[] betas();

    /** alpha_t = 1 - beta_t. */
    double[] alphas();

    /** alphaBar_t = prod_{s <= t} alpha_s. */
    double[] alphaBars();

    /** Coefficient of the clean image in x_t. */
    double signalRate(int t);

    /** Coefficient of the noise in x_t. */
    double noiseRate(int t);

    /**
     * Whether signalRate^2 + noiseRate^2 = 1 at every step, which DDPM's posterior (built from the betas) assumes.
     * Document 004's geometric chain is the exception.
     */
    default boolean variancePreserving() {
        return true;
    }

    /**
     * The forward process in closed form: x_t = signalRate(t) x0 + noiseRate(t) eps for each pixel, with this schedule's
     * own rates, so it is right on document 004's geometric chain too. For image-to-image sampling: noise an image to a
     * timestep, then walk it back from there. Neither batch is modified.
     */
    default ImageBatch addNoise(ImageBatch cleanImages, ImageBatch noise, int timestep) {
        if (noise.count() != cleanImages.count() || noise.height() != cleanImages.height()
                || noise.width() != cleanImages.width() || noise.channels() != cleanImages.channels()) {
            throw new IllegalArgumentException("noise of shape " + java.util.Arrays.toString(noise.shape())
                    + " does not match the images' " + java.util.Arrays.toString(cleanImages.shape()));
        }
        if (timestep < 0 || timestep >= timesteps()) {
            throw new IllegalArgumentException("timestep " + timestep + " is outside 0.." + (timesteps() - 1));
        }
        double signal = signalRate(timestep);
        double noiseRate = noiseRate(timestep);
        float[] x0 = cleanImages.pixels();
        float[] eps = noise.pixels();
        float[] noisy = new float[x0.length];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (float) (signal * x0[i] + noiseRate * eps[i]);
        }
        return cleanImages.withPixels(noisy);
    }

    /**
     * Noises images already at timestep {@code from} further, to the later timestep {@code to}, as the forward process would:
     * x_to = (s_to / s_from) x_from + sqrt(n_to^2 - (s_to / s_from)^2 n_from^2) noise, with s and n the signal and noise
     * rates, so that a clean image noised to {@code from} and then to {@code to} has the marginal of {@code to}. RePaint's
     * resampling goes back up the chain this way. Neither batch is modified.
     */
    default ImageBatch renoise(ImageBatch images, ImageBatch noise, int from, int to) {
        if (from < 0 || to >= timesteps() || to < from) {
            throw new IllegalArgumentException("can only noise from a timestep to a later one in 0.." + (timesteps() - 1) + ", got "
                    + from + " to " + to);
        }
        double ratio = signalRate(to) / signalRate(from);
        double fresh = Math.sqrt(Math.max(0, noiseRate(to) * noiseRate(to) - ratio * ratio * noiseRate(from) * noiseRate(from)));
        float[] x = images.pixels();
        float[] eps = noise.pixels();
        if (eps.length != x.length) {
            throw new IllegalArgumentException("noise of shape " + java.util.Arrays.toString(noise.shape())
                    + " does not match the images' " + java.util.Arrays.toString(images.shape()));
        }
        float[] noisy = new float[x.length];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (float) (ratio * x[i] + fresh * eps[i]);
        }
        return images.withPixels(noisy);
    }

    /** Coefficient of x0 in the posterior mean of q(x_{t-1} | x_t, x0). */
    double posteriorMeanCoefficientX0(int t);

    /** Coefficient of x_t in the posterior mean of q(x_{t-1} | x_t, x0). */
    double posteriorMeanCoefficientXt(int t);

    /** Variance of q(x_{t-1} | x_t, x0); 0 at t = 0. */
    double posteriorVariance(int t);

    /** A short name for files and logs, e.g. "cosine". */
    String name();
}
