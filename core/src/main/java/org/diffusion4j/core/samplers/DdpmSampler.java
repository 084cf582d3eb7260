package org.diffusion4j.core.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.core.samplers.SamplerSupport.Level;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * Ancestral sampling of Ho et al. (algorithm 2): one denoiser call per timestep, from T-1 down to 0.
 *
 * <p>Each step goes through the clean-image estimate: predictedImages = (x_t - noiseRate * eps) /
 * signalRate, then x_{t-1} is drawn from the forward-process posterior q(x_{t-1} | x_t, x0) with that
 * estimate for x0. Going through x0 rather than the equivalent eps form lets the estimate be clipped
 * to the data range [-1, 1], which keeps early, unreliable steps from pushing pixels far outside it.
 * No noise is added at the last step (t = 0), whose posterior variance is 0.
 */
public final class DdpmSampler implements Sampler {

    private final boolean clipPredictedImages;

    public DdpmSampler(boolean clipPredictedImages) {
        this.clipPredictedImages = clipPredictedImages;
    }

    /** Every timestep, T-1 down to 0. */
    @Override
    public int[] timesteps(NoiseSchedule schedule) {
        return SamplerSupport.everyTimestep(schedule);
    }

    /** Draws each pixel's posterior noise from {@code random}, in pixel order, at every step but t = 0. */
    @Override
    public ReverseWalk begin(NoiseSchedule schedule, int startTimestep, RandomGenerator random) {
        SamplerSupport.requireVariancePreserving(schedule, name(), "use the ddim or dpm++2m sampler (or stepwise on the geometric chain)");
        int[] visited = SamplerSupport.startingAt(timesteps(schedule), startTimestep, schedule, name());
        return new ReverseWalk(name(), visited, false, (position, x, predictedNoises, next, x0) -> {
            int t = visited[position];
            Level level = Level.at(schedule, t);
            double coefX0 = schedule.posteriorMeanCoefficientX0(t);
            double coefXt = schedule.posteriorMeanCoefficientXt(t);
            double posteriorStd = Math.sqrt(schedule.posteriorVariance(t));
            boolean addNoise = t > 0;
            for (int i = 0; i < x.length; i++) {
                double predicted = SamplerSupport.predictedImage(x[i], predictedNoises[i], level, clipPredictedImages);
                x0[i] = (float) predicted;
                double mean = coefX0 * predicted + coefXt * x[i];
                next[i] = (float) (addNoise ? mean + posteriorStd * random.nextGaussian() : mean);
            }
        });
    }

    @Override
    public int steps(NoiseSchedule schedule) {
        return schedule.timesteps();
    }

    @Override
    public String name() {
        return "ddpm";
    }

    public boolean clipPredictedImages() {
        return clipPredictedImages;
    }

    @Override
    public String toString() {
        return "ddpm(clip=" + clipPredictedImages + ")";
    }
}
