package org.diffusion4j.core.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * DPM-Solver++(2M) (Lu et al., 2022): a deterministic second-order multistep solver of the probability-flow
 * ODE written in the clean-image estimate, for good images in few denoiser calls. It visits the same
 * timesteps as DDIM and costs one call per step; its first step and its last (to the clean image) are
 * first order, where it is exactly DDIM with eta 0.
 *
 * <p>With alpha = sqrt(alphaBar), sigma = sqrt(1 - alphaBar) and lambda = log(alpha / sigma), a step from s to
 * t of length h = lambda_t - lambda_s is x_t = (sigma_t / sigma_s) x_s - alpha_t (e^-h - 1) D, where D is the
 * x0 estimate at s extrapolated along the previous one: D = (1 + 1/(2r)) x0_s - 1/(2r) x0_prev, r = h_prev / h.
 */
public final class DpmSolverSampler implements Sampler {

    private final DdimSampler spacing;
    private final boolean clipPredictedImages;

    public DpmSolverSampler(int steps, boolean clipPredictedImages) {
        if (steps < 1) {
            throw new IllegalArgumentException("DPM-Solver++ needs at least 1 step, got " + steps);
        }
        this.spacing = new DdimSampler(steps, 0.0, clipPredictedImages);
        this.clipPredictedImages = clipPredictedImages;
    }

    @Override
    public ImageBatch sample(Denoiser denoiser, NoiseSchedule schedule, ImageBatch initialNoise,
                             RandomGenerator random, SamplingObserver observer) {
        ReverseProcess process = new ReverseProcess(denoiser, initialNoise);
        int[] sequence = spacing.timesteps(schedule);
        double[] alphaBars = schedule.alphaBars();
        float[] previousPredictedImages = null;
        double previousStepLength = 0;

        for (int step = 0; step < sequence.length; step++) {
            int t = sequence[step];
            float[] predictedNoises = process.predictNoise(t);
            double signalRate = schedule.signalRate(t);
            double noiseRate = schedule.noiseRate(t);
            boolean last = step + 1 == sequence.length;
            double nextAlphaBar = last ? 1.0 : alphaBars[sequence[step + 1]];
            double nextSignalRate = Math.sqrt(nextAlphaBar);
            double nextNoiseRate = Math.sqrt(1.0 - nextAlphaBar);
            double stepLength = last ? Double.POSITIVE_INFINITY
                    : Math.log(nextSignalRate / nextNoiseRate) - Math.log(signalRate / noiseRate);
            // On the last step the target is noise-free: x = D, and a second-order D would extrapolate with r = 0.
            boolean secondOrder = previousPredictedImages != null && !last;
            double r = secondOrder ? previousStepLength / stepLength : 0;
            double currentWeight = secondOrder ? 1 + 1 / (2 * r) : 1;
            double previousWeight = secondOrder ? -1 / (2 * r) : 0;
            double keep = last ? 0 : nextNoiseRate / noiseRate;
            double towardsEstimate = last ? 1 : -nextSignalRate * Math.expm1(-stepLength);

            float[] x = process.noisy();
            float[] x0 = process.predicted();
            float[] next = process.next();
            for (int i = 0; i < x.length; i++) {
                double predicted = SamplerSupport.predictedImage(x[i], predictedNoises[i], signalRate, noiseRate, clipPredictedImages);
                x0[i] = (float) predicted;
                double estimate = secondOrder ? currentWeight * predicted + previousWeight * previousPredictedImages[i] : predicted;
                next[i] = (float) (keep * x[i] + towardsEstimate * estimate);
            }
            if (previousPredictedImages == null) {
                previousPredictedImages = new float[x0.length];
            }
            System.arraycopy(x0, 0, previousPredictedImages, 0, x0.length);
            previousStepLength = stepLength;
            process.advance(observer, step, sequence.length, t, true);
        }
        return process.result();
    }

    @Override
    public int steps(NoiseSchedule schedule) {
        return spacing.steps(schedule);
    }

    @Override
    public String name() {
        return "dpm++2m";
    }

    @Override
    public String toString() {
        return "dpm++2m(steps=" + spacing.steps() + ", clip=" + clipPredictedImages + ")";
    }
}
