package org.diffusion4j.core.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.core.samplers.SamplerSupport.Level;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * DPM-Solver++(2M) (Lu et al., 2022): a deterministic second-order multistep solver of the probability-flow
 * ODE written in the clean-image estimate, for good images in few denoiser calls. It visits the same
 * timesteps as DDIM and costs one call per step; its first step and its last (to the clean image) are
 * first order, where it is exactly DDIM with eta 0.
 *
 * <p>With alpha and sigma a level's signal and noise rates and lambda = log(alpha / sigma), a step from s to
 * t of length h = lambda_t - lambda_s is x_t = (sigma_t / sigma_s) x_s - alpha_t (e^-h - 1) D, where D is the
 * x0 estimate at s extrapolated along the previous one: D = (1 + 1/(2r)) x0_s - 1/(2r) x0_prev, r = h_prev / h.
 * The solver holds for any Gaussian path x_t = alpha x0 + sigma eps, so it takes the schedule's own rates rather than
 * sqrt(alphaBar) and sqrt(1 - alphaBar), and walks document 004's geometric chain (alpha = a^n, sigma = 1 - a^n) as
 * correctly as a variance-preserving schedule.
 */
public final class DpmSolverSampler implements Sampler {

    private final int steps;
    private final boolean clipPredictedImages;

    public DpmSolverSampler(int steps, boolean clipPredictedImages) {
        if (steps < 1) {
            throw new IllegalArgumentException("DPM-Solver++ needs at least 1 step, got " + steps);
        }
        this.steps = steps;
        this.clipPredictedImages = clipPredictedImages;
    }

    /** The visited timesteps: DDIM's, so the two compare step for step. */
    @Override
    public int[] timesteps(NoiseSchedule schedule) {
        return SamplerSupport.evenlySpacedTimesteps(schedule, steps, "DPM-Solver++");
    }

    /** Deterministic: draws nothing from {@code random}. A walk started part of the way takes a first-order first step. */
    @Override
    public ReverseWalk begin(NoiseSchedule schedule, int startTimestep, RandomGenerator random) {
        int[] sequence = SamplerSupport.startingAt(timesteps(schedule), startTimestep, schedule, name());
        return new ReverseWalk(name(), sequence, false, new Multistep(schedule, sequence, clipPredictedImages));
    }

    /** The update, with the previous step's estimate and length, which the second-order extrapolation needs. */
    private static final class Multistep implements ReverseWalk.Rule {

        private final NoiseSchedule schedule;
        private final int[] sequence;
        private final boolean clipPredictedImages;
        private float[] previousPredictedImages;
        private double previousStepLength;

        Multistep(NoiseSchedule schedule, int[] sequence, boolean clipPredictedImages) {
            this.schedule = schedule;
            this.sequence = sequence;
            this.clipPredictedImages = clipPredictedImages;
        }

        @Override
        public void apply(int step, float[] x, float[] predictedNoises, float[] next, float[] x0) {
            int t = sequence[step];
            Level level = Level.at(schedule, t);
            Level nextLevel = Level.after(schedule, sequence, step);
            boolean last = step + 1 == sequence.length;
            double stepLength = last ? Double.POSITIVE_INFINITY : nextLevel.logSnr() - level.logSnr();
            // On the last step the target is noise-free: x = D, and a second-order D would extrapolate with r = 0.
            boolean secondOrder = previousPredictedImages != null && !last;
            double r = secondOrder ? previousStepLength / stepLength : 0;
            double currentWeight = secondOrder ? 1 + 1 / (2 * r) : 1;
            double previousWeight = secondOrder ? -1 / (2 * r) : 0;
            double keep = last ? 0 : nextLevel.noiseRate() / level.noiseRate();
            double towardsEstimate = last ? 1 : -nextLevel.signalRate() * Math.expm1(-stepLength);
            for (int i = 0; i < x.length; i++) {
                double predicted = SamplerSupport.predictedImage(x[i], predictedNoises[i], level, clipPredictedImages);
                x0[i] = (float) predicted;
                double estimate = secondOrder ? currentWeight * predicted + previousWeight * previousPredictedImages[i] : predicted;
                next[i] = (float) (keep * x[i] + towardsEstimate * estimate);
            }
            if (previousPredictedImages == null) {
                previousPredictedImages = new float[x0.length];
            }
            System.arraycopy(x0, 0, previousPredictedImages, 0, x0.length);
            previousStepLength = stepLength;
        }
    }

    @Override
    public int steps(NoiseSchedule schedule) {
        return timesteps(schedule).length;
    }

    @Override
    public String name() {
        return "dpm++2m";
    }

    public int steps() {
        return steps;
    }

    public boolean clipPredictedImages() {
        return clipPredictedImages;
    }

    @Override
    public String toString() {
        return "dpm++2m(steps=" + steps + ", clip=" + clipPredictedImages + ")";
    }
}
