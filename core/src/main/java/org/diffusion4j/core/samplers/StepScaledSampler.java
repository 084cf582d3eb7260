package org.diffusion4j.core.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.core.samplers.SamplerSupport.Level;
import org.diffusion4j.core.schedules.GeometricSchedule;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * The sampler of document 004 for the geometric chain x_n = a^n x0 + (1 - a^n) noise: for n = N down
 * to 1 it undoes one step of x_n = a x_{n-1} + (1 - a) noise with the predicted noise,
 * x_{n-1} = (x_n - (1 - a^s) eps) / a^s. No randomness is involved.
 *
 * <p>With step size s = 1 and a perfect denoiser this inverts the chain exactly. A step size above 1
 * removes more noise per step than the chain added, i.e. trusts the prediction more; document 004
 * found 1.5 gave cleaner digits. The observer's x0 estimate is (x_t - (1 - a^n) eps) / a^n.
 *
 * <p>Fewer steps than the chain's N: as document 004 suggests, the sampler walks a coarser chain with
 * a' = a^(N / steps), so step k (from {@code steps} down to 1) sits at the noise level of chain step
 * k N / steps; the network is asked at the nearest integer timestep, exact when steps divides N.
 */
public final class StepScaledSampler implements Sampler {

    public static final double DEFAULT_STEP_SIZE = 1.0;

    private final double stepSize;
    private final int steps;

    public StepScaledSampler() {
        this(DEFAULT_STEP_SIZE);
    }

    /** Walks every step of the chain. */
    public StepScaledSampler(double stepSize) {
        this(stepSize, 0);
    }

    /** steps: denoiser calls, at most the chain's N; 0 walks every step of the chain. */
    public StepScaledSampler(double stepSize, int steps) {
        if (!(stepSize > 0.0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("step size must be a finite number > 0, got " + stepSize);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("stepwise steps must be positive (or 0 for all), got " + steps);
        }
        this.stepSize = stepSize;
        this.steps = steps;
    }

    /**
     * Step k of {@code steps} (from 0) at the nearest integer timestep to chain step (steps - k) N / steps, less one:
     * N - 1 down to N / steps - 1.
     */
    @Override
    public int[] timesteps(NoiseSchedule schedule) {
        int chainSteps = requireGeometric(schedule).timesteps();
        int totalSteps = steps(schedule);
        double stride = chainSteps / (double) totalSteps;
        int[] sequence = new int[totalSteps];
        for (int step = 0; step < totalSteps; step++) {
            sequence[step] = (int) Math.round((totalSteps - step) * stride) - 1;
        }
        return sequence;
    }

    /** Deterministic: draws nothing from {@code random}. */
    @Override
    public ReverseWalk begin(NoiseSchedule schedule, int startTimestep, RandomGenerator random) {
        GeometricSchedule geometric = requireGeometric(schedule);
        int[] visited = SamplerSupport.startingAt(timesteps(schedule), startTimestep, schedule, name());
        int chainSteps = geometric.timesteps();
        int totalSteps = steps(schedule);
        // Each coarse step spans chainSteps / totalSteps steps of the chain: a' = a^(that), then the step size.
        double stride = chainSteps / (double) totalSteps;
        double scaledA = Math.pow(geometric.a(), stride * stepSize);
        double removedNoise = 1.0 - scaledA;
        return new ReverseWalk(name(), visited, false, (position, x, predictedNoises, next, x0) -> {
            Level level = Level.at(geometric, visited[position]);
            for (int i = 0; i < x.length; i++) {
                x0[i] = (float) SamplerSupport.predictedImage(x[i], predictedNoises[i], level, false);
                next[i] = (float) ((x[i] - removedNoise * predictedNoises[i]) / scaledA);
            }
        });
    }

    private static GeometricSchedule requireGeometric(NoiseSchedule schedule) {
        if (schedule instanceof GeometricSchedule geometric) {
            return geometric;
        }
        throw new IllegalArgumentException("the stepwise sampler only works with the geometric schedule, got '"
                + schedule.name() + "'; train and sample with Schedules.create(\"geometric\", steps) "
                + "or use the ddpm or ddim sampler");
    }

    @Override
    public int steps(NoiseSchedule schedule) {
        int chainSteps = requireGeometric(schedule).timesteps();
        if (steps > chainSteps) {
            throw new IllegalArgumentException("stepwise steps must be in 1.." + chainSteps + " for this chain, got " + steps);
        }
        return steps == 0 ? chainSteps : steps;
    }

    @Override
    public String name() {
        return "stepwise";
    }

    public double stepSize() {
        return stepSize;
    }

    @Override
    public String toString() {
        return "stepwise(stepSize=" + stepSize + (steps == 0 ? "" : ", steps=" + steps) + ")";
    }
}
