package org.diffusion4j.core.schedules;

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

    /** Coefficient of x0 in the posterior mean of q(x_{t-1} | x_t, x0). */
    double posteriorMeanCoefficientX0(int t);

    /** Coefficient of x_t in the posterior mean of q(x_{t-1} | x_t, x0). */
    double posteriorMeanCoefficientXt(int t);

    /** Variance of q(x_{t-1} | x_t, x0); 0 at t = 0. */
    double posteriorVariance(int t);

    /** A short name for files and logs, e.g. "cosine". */
    String name();
}
