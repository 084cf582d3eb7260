package org.diffusion4j.core.schedules;

/**
 * The cosine schedule of Nichol and Dhariwal: alphaBar follows a squared cosine, so the signal is
 * destroyed more evenly over the steps than with linear betas. With f(u) = cos^2(((u / T) + s) / (1 + s)
 * * pi / 2) and 0-based steps, alphaBar_t = f(t + 1) / f(0). The offset s keeps the first betas from
 * being vanishingly small.
 *
 * <p>Betas are clipped to at most 0.999 because the last one would otherwise be 1 (f(T) = 0), which
 * leaves nothing of the image to predict; alphaBars are recomputed from the clipped betas.
 */
public final class CosineSchedule extends BetaSchedule {

    public static final double DEFAULT_OFFSET = 0.008;
    public static final double MAX_BETA = 0.999;

    public CosineSchedule(int timesteps) {
        this(timesteps, DEFAULT_OFFSET);
    }

    public CosineSchedule(int timesteps, double offset) {
        super("cosine", cosineBetas(timesteps, offset));
    }

    private static double[] cosineBetas(int timesteps, double offset) {
        if (timesteps < 1) {
            throw new IllegalArgumentException("timesteps must be at least 1, got " + timesteps);
        }
        if (!(offset >= 0.0)) {
            throw new IllegalArgumentException("the cosine offset s must be >= 0, got " + offset);
        }
        double f0 = f(0, timesteps, offset);
        double[] betas = new double[timesteps];
        double previousAlphaBar = 1.0;
        for (int t = 0; t < timesteps; t++) {
            double alphaBar = f(t + 1, timesteps, offset) / f0;
            betas[t] = Math.min(1.0 - alphaBar / previousAlphaBar, MAX_BETA);
            previousAlphaBar = alphaBar;
        }
        return betas;
    }

    private static double f(int u, int timesteps, double offset) {
        double c = Math.cos(((double) u / timesteps + offset) / (1.0 + offset) * Math.PI / 2.0);
        return c * c;
    }
}
