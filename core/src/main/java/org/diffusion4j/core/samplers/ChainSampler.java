package org.diffusion4j.core.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * The per-step chain sampler of document 004's family, for denoisers trained on the forward chain
 * x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps that predict that one step's eps (not the cumulative
 * noise of the closed form): for t = T-1 down to 0, x <- (x - sqrt(beta_t) eps_hat(x, t)) / sqrt(1 - beta_t).
 * Deterministic. Where {@link StepScaledSampler} undoes a geometric chain with constant a, this one
 * undoes any beta schedule step by step.
 *
 * <p>A per-step eps gives no clean-image estimate, so the observer's "predicted" batch (and a step's
 * {@link ReverseWalk.Step#predictedImages()}) is the image after the update. It takes any denoiser: those that
 * declare {@link org.diffusion4j.core.denoisers.Prediction#CHAIN_EPS}, and those written before denoisers declared
 * their prediction, which say EPS.
 */
public final class ChainSampler implements Sampler {

    /** Every timestep, T-1 down to 0. */
    @Override
    public int[] timesteps(NoiseSchedule schedule) {
        return SamplerSupport.everyTimestep(schedule);
    }

    /** Deterministic: draws nothing from {@code random}. Its steps' estimates are the updated images. */
    @Override
    public ReverseWalk begin(NoiseSchedule schedule, int startTimestep, RandomGenerator random) {
        int[] visited = SamplerSupport.startingAt(timesteps(schedule), startTimestep, schedule, name());
        double[] betas = schedule.betas();
        return new ReverseWalk(name(), visited, true, new ReverseWalk.Rule() {
            @Override
            public void apply(int position, float[] x, float[] predictedNoises, float[] next, float[] predicted) {
                int t = visited[position];
                double noiseScale = Math.sqrt(betas[t]);
                double signalScale = Math.sqrt(1.0 - betas[t]);
                for (int i = 0; i < x.length; i++) {
                    next[i] = (float) ((x[i] - noiseScale * predictedNoises[i]) / signalScale);
                }
            }

            @Override
            public boolean estimates() {
                return false;
            }
        });
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
