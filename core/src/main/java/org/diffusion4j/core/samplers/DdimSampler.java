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

    public DdimSampler(int steps, double eta, boolean clipPredictedImages) {
        if (steps < 1) {
            throw new IllegalArgumentException("DDIM needs at least 1 step, got " + steps);
        }
        if (!(eta >= 0.0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("DDIM eta must be a finite number >= 0 (0 = deterministic, "
                    + "1 = DDPM-like), got " + eta);
        }
        this.steps = steps;
        this.eta = eta;
        this.clipPredictedImages = clipPredictedImages;
    }

    /**
     * The visited timesteps, decreasing: {@code steps} values evenly spread over 0..T-1 (rounded),
     * starting at T-1 and, for more than one step, ending at 0.
     */
    @Override
    public int[] timesteps(NoiseSchedule schedule) {
        return SamplerSupport.evenlySpacedTimesteps(schedule, steps, "DDIM");
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

    @Override
    public String toString() {
        return "ddim(steps=" + steps + ", eta=" + eta + ", clip=" + clipPredictedImages + ")";
    }
}
