package org.diffusion4j.core.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * The per-step chain sampler of document 004's family, for denoisers trained on the forward chain
 * x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps that predict that one step's eps (not the cumulative
 * noise of the closed form): for t = T-1 down to 0, x <- (x - sqrt(beta_t) eps_hat(x, t)) / sqrt(1 - beta_t).
 * Deterministic. Where {@link StepScaledSampler} undoes a geometric chain with constant a, this one
 * undoes any beta schedule step by step.
 *
 * <p>A per-step eps gives no clean-image estimate, so the observer's "predicted" batch is the image after
 * the update. The batches handed to the observer are reused between steps: copy them to keep them.
 */
public final class ChainSampler implements Sampler {

    @Override
    public ImageBatch sample(Denoiser denoiser, NoiseSchedule schedule, ImageBatch initialNoise,
                             RandomGenerator random, SamplingObserver observer) {
        ReverseProcess process = new ReverseProcess(denoiser, initialNoise);
        double[] betas = schedule.betas();
        int totalSteps = betas.length;
        for (int step = 0; step < totalSteps; step++) {
            int t = totalSteps - 1 - step;
            float[] predictedNoises = process.predictNoise(t);
            double noiseScale = Math.sqrt(betas[t]);
            double signalScale = Math.sqrt(1.0 - betas[t]);
            float[] x = process.noisy();
            float[] next = process.next();
            for (int i = 0; i < x.length; i++) {
                next[i] = (float) ((x[i] - noiseScale * predictedNoises[i]) / signalScale);
            }
            process.advance(observer, step, totalSteps, t, false);
        }
        return process.result();
    }

    @Override
    public int steps(NoiseSchedule schedule) {
        return schedule.timesteps();
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public String toString() {
        return "chain";
    }
}
