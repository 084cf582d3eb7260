package org.diffusion4j.core.schedules;

/**
 * A schedule defined by its betas. Everything else (alphas, their cumulative product, the rates and the
 * posterior of the forward process) follows from them, so subclasses only decide the betas.
 *
 * <p>At t = 0 the previous alphaBar is taken to be 1 (the clean image), which makes the posterior at the
 * first step collapse onto x0: coefficient 1 for x0, 0 for x_t and variance 0.
 */
public abstract class BetaSchedule implements NoiseSchedule {

    private final String name;
    private final double[] betas;
    private final double[] alphas;
    private final double[] alphaBars;

    protected BetaSchedule(String name, double[] betas) {
        if (betas.length == 0) {
            throw new IllegalArgumentException("a schedule needs at least one timestep");
        }
        this.name = name;
        this.betas = betas.clone();
        this.alphas = new double[betas.length];
        this.alphaBars = new double[betas.length];
        double alphaBar = 1.0;
        for (int t = 0; t < betas.length; t++) {
            double beta = betas[t];
            // beta = 1 would wipe the signal out completely and make x0 unrecoverable (division by zero).
            if (!(beta > 0.0 && beta < 1.0)) {
                throw new IllegalArgumentException("beta_" + t + " = " + beta + " is outside (0, 1)");
            }
            alphas[t] = 1.0 - beta;
            alphaBar *= alphas[t];
            alphaBars[t] = alphaBar;
        }
    }

    @Override
    public final int timesteps() {
        return betas.length;
    }

    @Override
    public final double[] betas() {
        return betas.clone();
    }

    @Override
    public final double[] alphas() {
        return alphas.clone();
    }

    @Override
    public final double[] alphaBars() {
        return alphaBars.clone();
    }

    /** alphaBar_t without copying the whole array; alphaBar_{-1} = 1. */
    public final double alphaBar(int t) {
        return t < 0 ? 1.0 : alphaBars[checked(t)];
    }

    @Override
    public double signalRate(int t) {
        return Math.sqrt(alphaBars[checked(t)]);
    }

    @Override
    public double noiseRate(int t) {
        return Math.sqrt(1.0 - alphaBars[checked(t)]);
    }

    @Override
    public final double posteriorMeanCoefficientX0(int t) {
        return betas[checked(t)] * Math.sqrt(alphaBar(t - 1)) / (1.0 - alphaBars[t]);
    }

    @Override
    public final double posteriorMeanCoefficientXt(int t) {
        return (1.0 - alphaBar(t - 1)) * Math.sqrt(alphas[checked(t)]) / (1.0 - alphaBars[t]);
    }

    @Override
    public final double posteriorVariance(int t) {
        return betas[checked(t)] * (1.0 - alphaBar(t - 1)) / (1.0 - alphaBars[t]);
    }

    @Override
    public final String name() {
        return name;
    }

    protected final int checked(int t) {
        if (t < 0 || t >= betas.length) {
            throw new IndexOutOfBoundsException("timestep " + t + " outside 0.." + (betas.length - 1));
        }
        return t;
    }

    @Override
    public String toString() {
        return name + "(T=" + betas.length + ")";
    }
}
