package org.diffusion4j.core.denoisers;

import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * What a model's output means, and the conversions between it and the noise the samplers step with. The constant
 * names are those the JSON denoiser cards use.
 *
 * <p>With x_t = alpha x0 + sigma eps at a level of signal rate alpha and noise rate sigma, {@link #toNoise} turns an
 * output into eps and {@link #fromNoise} turns eps back into the output, so that a distilled student can be given
 * targets of its own kind. Each formula is written once here; the samplers' clean-image estimate is
 * {@code X0.fromNoise}.
 */
public enum Prediction {
    /** The cumulative noise of the closed form x_t = sqrt(alphaBar) x0 + sqrt(1 - alphaBar) eps. */
    EPS,
    /**
     * The noise of the last step of the chain x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps: only the
     * per-step chain sampler inverts it, so the conversions pass it through unchanged.
     */
    CHAIN_EPS,
    /** The clean image. */
    X0,
    /**
     * v = sqrt(alphaBar) eps - sqrt(1 - alphaBar) x0 (Salimans and Ho). Its conversions assume a variance-preserving
     * level (alpha^2 + sigma^2 = 1), where v is defined.
     */
    V;

    /**
     * The closed-form noise eps implied by {@code output}, this type's prediction for pixel value {@code noisy} of x_t at
     * a level with the given rates: x0 gives (x_t - alpha x0) / sigma, v gives alpha v + sigma x_t; eps and chain eps are
     * returned unchanged.
     */
    public double toNoise(double noisy, double output, double signalRate, double noiseRate) {
        return switch (this) {
            case EPS, CHAIN_EPS -> output;
            case X0 -> (noisy - signalRate * output) / noiseRate;
            case V -> signalRate * output + noiseRate * noisy;
        };
    }

    /**
     * The inverse of {@link #toNoise}: what a model of this type would output for pixel value {@code noisy} of x_t whose
     * noise is {@code noise}. x0 = (x_t - sigma eps) / alpha and v = alpha eps - sigma x0; eps and chain eps are returned
     * unchanged.
     */
    public double fromNoise(double noisy, double noise, double signalRate, double noiseRate) {
        return switch (this) {
            case EPS, CHAIN_EPS -> noise;
            case X0 -> (noisy - noiseRate * noise) / signalRate;
            case V -> signalRate * noise - noiseRate * X0.fromNoise(noisy, noise, signalRate, noiseRate);
        };
    }

    /**
     * {@link #toNoise(double, double, double, double)} for a batch, image k at {@code timesteps[k]} with the schedule's
     * own rates. For eps and chain eps {@code outputs} itself is returned, so a model that already predicts noise costs
     * nothing.
     */
    public ImageBatch toNoise(ImageBatch noisyImages, ImageBatch outputs, int[] timesteps, NoiseSchedule schedule) {
        return convert(noisyImages, outputs, timesteps, schedule, true);
    }

    /**
     * {@link #fromNoise(double, double, double, double)} for a batch, image k at {@code timesteps[k]} with the
     * schedule's own rates. For eps and chain eps {@code noises} itself is returned.
     */
    public ImageBatch fromNoise(ImageBatch noisyImages, ImageBatch noises, int[] timesteps, NoiseSchedule schedule) {
        return convert(noisyImages, noises, timesteps, schedule, false);
    }

    private ImageBatch convert(ImageBatch noisyImages, ImageBatch values, int[] timesteps, NoiseSchedule schedule, boolean toNoise) {
        if (values.count() != noisyImages.count() || values.height() != noisyImages.height()
                || values.width() != noisyImages.width() || values.channels() != noisyImages.channels()) {
            throw new IllegalArgumentException("a prediction of shape " + java.util.Arrays.toString(values.shape())
                    + " does not match the noisy batch's " + java.util.Arrays.toString(noisyImages.shape()));
        }
        if (timesteps.length != noisyImages.count()) {
            throw new IllegalArgumentException("got " + timesteps.length + " timesteps for " + noisyImages.count()
                    + " images; give one timestep per image");
        }
        if (this == EPS || this == CHAIN_EPS) {
            return values;
        }
        float[] x = noisyImages.pixels();
        float[] given = values.pixels();
        float[] converted = new float[given.length];
        int imageSize = noisyImages.imageSize();
        for (int i = 0; i < given.length; i++) {
            int t = timesteps[i / imageSize];
            double signal = schedule.signalRate(t);
            double noise = schedule.noiseRate(t);
            converted[i] = (float) (toNoise ? toNoise(x[i], given[i], signal, noise) : fromNoise(x[i], given[i], signal, noise));
        }
        return noisyImages.withPixels(converted);
    }
}
