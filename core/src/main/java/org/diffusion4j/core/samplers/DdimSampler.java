package org.diffusion4j.core.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.core.samplers.SamplerSupport.Level;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * DDIM (Song et al.): samples with a model trained for T steps in only {@code steps} denoiser calls,
 * visiting an evenly spaced, decreasing subsequence of the timesteps.
 *
 * <p>From the clean-image estimate x0 and the predicted noise eps, the next image is
 * sqrt(alphaBar_prev) x0 + sqrt(1 - alphaBar_prev - sigma^2) eps + sigma z. The amount of fresh noise
 * is set by eta: sigma = eta * sqrt((1 - alphaBar_prev) / (1 - alphaBar_t)) * sqrt(1 - alphaBar_t /
 * alphaBar_prev). eta = 0 gives a deterministic map from noise to image (no random draws at all);
 * eta = 1 with steps = T is the DDPM posterior. After the smallest timestep alphaBar_prev is 1, so the
 * last step returns x0 itself. On a schedule that is not variance preserving (document 004's geometric chain)
 * the next level's own signal and noise rates take the place of sqrt(alphaBar_prev) and sqrt(1 - alphaBar_prev),
 * so eta = 0 walks the chain the network was trained on; eta > 0 there is an approximation, not a posterior.
 */
public final class DdimSampler implements Sampler {

    private final int steps;
    private final double eta;
    private final boolean clipPredictedImages;
    private final int grid;

    public DdimSampler(int steps, double eta, boolean clipPredictedImages) {
        this(steps, eta, clipPredictedImages, 0);
    }

    /**
     * grid: 0 for timesteps evenly spread over the schedule; otherwise the number of steps of a finer evenly spread walk
     * whose every (grid / steps)-th timestep this one visits, its last step going straight to the clean image. A student
     * distilled by halving a grid-step walk ({@link #gridTimesteps}) is sampled on the timesteps it learnt.
     */
    public DdimSampler(int steps, double eta, boolean clipPredictedImages, int grid) {
        if (steps < 1) {
            throw new IllegalArgumentException("DDIM needs at least 1 step, got " + steps);
        }
        if (!(eta >= 0.0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("DDIM eta must be a finite number >= 0 (0 = deterministic, "
                    + "1 = DDPM-like), got " + eta);
        }
        if (grid != 0 && (grid < steps || grid % steps != 0)) {
            throw new IllegalArgumentException("a DDIM grid must be a multiple of its " + steps + " steps, got " + grid);
        }
        this.steps = steps;
        this.eta = eta;
        this.clipPredictedImages = clipPredictedImages;
        this.grid = grid;
    }

    /**
     * Every (grid / steps)-th of {@code grid} evenly spread timesteps, from T-1: halving the steps keeps every other
     * timestep, so a walk of N steps is a walk of 2N with every second step skipped, which progressive distillation needs.
     * With grid = steps these are DDIM's own timesteps.
     */
    public static int[] gridTimesteps(NoiseSchedule schedule, int steps, int grid) {
        int[] fine = SamplerSupport.evenlySpacedTimesteps(schedule, grid, "DDIM");
        int stride = grid / steps;
        int[] sequence = new int[steps];
        for (int i = 0; i < steps; i++) {
            sequence[i] = fine[i * stride];
        }
        return sequence;
    }

    /**
     * The visited timesteps, decreasing: {@code steps} values evenly spread over 0..T-1 (rounded),
     * starting at T-1 and, for more than one step, ending at 0.
     */
    @Override
    public int[] timesteps(NoiseSchedule schedule) {
        return grid == 0 ? SamplerSupport.evenlySpacedTimesteps(schedule, steps, "DDIM") : gridTimesteps(schedule, steps, grid);
    }

    /** With eta > 0, draws each pixel's fresh noise from {@code random}, in pixel order, at every step; with eta 0 nothing. */
    @Override
    public ReverseWalk begin(NoiseSchedule schedule, int startTimestep, RandomGenerator random) {
        int[] sequence = SamplerSupport.startingAt(timesteps(schedule), startTimestep, schedule, name());
        double[] alphaBars = schedule.alphaBars();
        return new ReverseWalk(name(), sequence, false, (step, x, predictedNoises, next, x0) -> {
            int t = sequence[step];
            Level level = Level.at(schedule, t);
            Level nextLevel = Level.after(schedule, sequence, step);
            double alphaBar = alphaBars[t];
            double alphaBarPrev = step + 1 == sequence.length ? 1.0 : alphaBars[sequence[step + 1]];
            double sigma = eta * Math.sqrt((1.0 - alphaBarPrev) / (1.0 - alphaBar))
                    * Math.sqrt(1.0 - alphaBar / alphaBarPrev);
            // The next level's noise rate, less what sigma adds afresh; rounding can make the radicand a hair below zero
            // when eta is 1 and steps are large.
            double nextNoiseRate = Math.sqrt(Math.max(0.0, nextLevel.noiseRate() * nextLevel.noiseRate() - sigma * sigma));
            boolean addNoise = sigma > 0.0;
            for (int i = 0; i < x.length; i++) {
                double predicted = SamplerSupport.predictedImage(x[i], predictedNoises[i], level, clipPredictedImages);
                // Keep eps consistent with a clipped image, else the two would pull x apart.
                double predictedNoise = clipPredictedImages ? SamplerSupport.impliedNoise(x[i], predicted, level) : predictedNoises[i];
                x0[i] = (float) predicted;
                double value = nextLevel.signalRate() * predicted + nextNoiseRate * predictedNoise;
                next[i] = (float) (addNoise ? value + sigma * random.nextGaussian() : value);
            }
        });
    }

    @Override
    public int steps(NoiseSchedule schedule) {
        return timesteps(schedule).length;
    }

    @Override
    public String name() {
        return "ddim";
    }

    public int steps() {
        return steps;
    }

    public double eta() {
        return eta;
    }

    public boolean clipPredictedImages() {
        return clipPredictedImages;
    }

    /** 0 for evenly spread timesteps, else the finer walk these are taken from. */
    public int grid() {
        return grid;
    }

    @Override
    public String toString() {
        return "ddim(steps=" + steps + ", eta=" + eta + ", clip=" + clipPredictedImages + (grid == 0 ? "" : ", grid=" + grid) + ")";
    }
}
