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
    private final int order;

    /** The second-order solver, DPM-Solver++(2M). */
    public DpmSolverSampler(int steps, boolean clipPredictedImages) {
        this(steps, clipPredictedImages, 2);
    }

    /**
     * order 2: DPM-Solver++(2M) as above; order 3: DPM-Solver++(3M), which extrapolates along the two previous estimates with
     * the exponential integrator's phi functions (k-diffusion's dpmpp_3m_sde without noise): in the data units x / alpha, with
     * r0 = h_prev / h and r1 = h_prev2 / h, d1_0 = (x0 - x0_prev) / r0, d1_1 = (x0_prev - x0_prev2) / r1,
     * d1 = d1_0 + (d1_0 - d1_1) r0 / (r0 + r1), d2 = (d1_0 - d1_1) / (r0 + r1), a step adds phi2 d1 - phi3 d2 to the
     * first-order one, phi2 = (e^-h - 1) / h + 1, phi3 = phi2 / h - 1/2 (its second step adds phi2 d1_0 alone).
     */
    public DpmSolverSampler(int steps, boolean clipPredictedImages, int order) {
        if (steps < 1) {
            throw new IllegalArgumentException("DPM-Solver++ needs at least 1 step, got " + steps);
        }
        if (order != 2 && order != 3) {
            throw new IllegalArgumentException("DPM-Solver++ here is of order 2 (2M) or 3 (3M), got " + order);
        }
        this.steps = steps;
        this.clipPredictedImages = clipPredictedImages;
        this.order = order;
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
        return new ReverseWalk(name(), sequence, false, order == 2 ? new Multistep(schedule, sequence, clipPredictedImages)
                : new ThirdOrderMultistep(schedule, sequence, clipPredictedImages));
    }

    /** The 3M update, with the two previous estimates and step lengths. */
    private static final class ThirdOrderMultistep implements ReverseWalk.Rule {

        private final NoiseSchedule schedule;
        private final int[] sequence;
        private final boolean clipPredictedImages;
        private float[] previous;
        private float[] beforePrevious;
        private double previousStepLength;
        private double beforePreviousStepLength;

        ThirdOrderMultistep(NoiseSchedule schedule, int[] sequence, boolean clipPredictedImages) {
            this.schedule = schedule;
            this.sequence = sequence;
            this.clipPredictedImages = clipPredictedImages;
        }

        @Override
        public void apply(int step, float[] x, float[] predictedNoises, float[] next, float[] x0) {
            Level level = Level.at(schedule, sequence[step]);
            Level nextLevel = Level.after(schedule, sequence, step);
            boolean last = step + 1 == sequence.length;
            double h = last ? Double.POSITIVE_INFINITY : nextLevel.logSnr() - level.logSnr();
            double keep = last ? 0 : nextLevel.noiseRate() / level.noiseRate();
            double towardsEstimate = last ? 1 : -nextLevel.signalRate() * Math.expm1(-h);
            double phi2 = last ? 0 : Math.expm1(-h) / h + 1;
            double phi3 = last ? 0 : phi2 / h - 0.5;
            boolean second = !last && previous != null;
            boolean third = second && beforePrevious != null;
            double r0 = second ? previousStepLength / h : 1;
            double r1 = third ? beforePreviousStepLength / h : 1;
            for (int i = 0; i < x.length; i++) {
                double predicted = SamplerSupport.predictedImage(x[i], predictedNoises[i], level, clipPredictedImages);
                x0[i] = (float) predicted;
                double value = keep * x[i] + towardsEstimate * predicted;
                if (third) {
                    double d10 = (predicted - previous[i]) / r0;
                    double d11 = (previous[i] - beforePrevious[i]) / r1;
                    double d1 = d10 + (d10 - d11) * r0 / (r0 + r1);
                    double d2 = (d10 - d11) / (r0 + r1);
                    value += nextLevel.signalRate() * (phi2 * d1 - phi3 * d2);
                } else if (second) {
                    value += nextLevel.signalRate() * phi2 * (predicted - previous[i]) / r0;
                }
                next[i] = (float) value;
            }
            if (beforePrevious == null) {
                beforePrevious = new float[x0.length];
            }
            float[] recycled = beforePrevious;
            beforePrevious = previous;
            previous = recycled;
            System.arraycopy(x0, 0, previous, 0, x0.length);
            beforePreviousStepLength = previousStepLength;
            previousStepLength = h;
        }
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
        return order == 2 ? "dpm++2m" : "dpm++3m";
    }

    public int order() {
        return order;
    }

    public int steps() {
        return steps;
    }

    public boolean clipPredictedImages() {
        return clipPredictedImages;
    }

    @Override
    public String toString() {
        return name() + "(steps=" + steps + ", clip=" + clipPredictedImages + ")";
    }
}
