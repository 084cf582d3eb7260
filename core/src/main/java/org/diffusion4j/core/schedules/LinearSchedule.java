package org.diffusion4j.core.schedules;

/** The DDPM schedule of Ho et al.: betas evenly spaced from betaStart to betaEnd, both included. */
public final class LinearSchedule extends BetaSchedule {

    public static final double DEFAULT_BETA_START = 1e-4;
    public static final double DEFAULT_BETA_END = 0.02;

    public LinearSchedule(int timesteps) {
        this(timesteps, DEFAULT_BETA_START, DEFAULT_BETA_END);
    }

    public LinearSchedule(int timesteps, double betaStart, double betaEnd) {
        super("linear", linspace(timesteps, betaStart, betaEnd));
    }

    private static double[] linspace(int count, double start, double end) {
        if (count < 1) {
            throw new IllegalArgumentException("timesteps must be at least 1, got " + count);
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = count == 1 ? start : start + (end - start) * i / (count - 1);
        }
        return values;
    }
}
