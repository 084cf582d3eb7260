package org.diffusion4j.core.schedules;

import java.util.Arrays;

/**
 * The geometric noising chain of document 004: x_n = a^n x0 + (1 - a^n) noise for n = 1..N, applied
 * one step at a time as x_n = a x_{n-1} + (1 - a) noise with the <em>same</em> noise image. Timestep t
 * is chain step n = t + 1.
 *
 * <p>This chain is not variance preserving: signal and noise rates add up to 1 rather than their
 * squares, so {@link #signalRate} and {@link #noiseRate} are overridden. The betas, alphaBars and
 * posterior belong to the variance-preserving schedule with the same signal rate, alphaBar_t =
 * a^(2(t+1)), i.e. a constant beta = 1 - a^2. DDIM runs on it through the signal and noise rates; DDPM's
 * posterior would draw variance-preserving noise, so DDPM refuses it. The sampler made for this chain is
 * {@code StepScaledSampler}, which needs {@link #a()}.
 */
public final class GeometricSchedule extends BetaSchedule {

    public static final double DEFAULT_A = 0.99;

    private final double a;

    public GeometricSchedule(int steps) {
        this(steps, DEFAULT_A);
    }

    public GeometricSchedule(int steps, double a) {
        super("geometric", constantBetas(steps, a));
        this.a = a;
    }

    private static double[] constantBetas(int steps, double a) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!(a > 0.0 && a < 1.0)) {
            throw new IllegalArgumentException("the per-step signal factor a must be in (0, 1), got " + a);
        }
        double[] betas = new double[steps];
        Arrays.fill(betas, 1.0 - a * a);
        return betas;
    }

    /** Signal and noise rates add up to 1 here, not their squares. */
    @Override
    public boolean variancePreserving() {
        return false;
    }

        /** The per-step signal factor a. */
    public double a() {
        return a;
    }

    /** a^n with n = t + 1. */
    @Override
    public double signalRate(int t) {
        return Math.pow(a, checked(t) + 1);
    }

    /** 1 - a^n with n = t + 1. */
    @Override
    public double noiseRate(int t) {
        return 1.0 - Math.pow(a, checked(t) + 1);
    }

    /**
     * The same chain with fewer (or more) steps that ends at the same signal level a^N, as document 004
     * suggests for faster sampling: a' = a^(N / N').
     */
    public GeometricSchedule withSteps(int newSteps) {
        if (newSteps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + newSteps);
        }
        return new GeometricSchedule(newSteps, Math.pow(a, (double) timesteps() / newSteps));
    }

    @Override
    public String toString() {
        return "geometric(N=" + timesteps() + ", a=" + a + ")";
    }
}
