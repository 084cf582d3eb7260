package org.diffusion4j.core.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * A reverse process: turns pure noise into images with a denoiser trained on a schedule. A sampler is its update
 * rule, taken one step at a time through a {@link ReverseWalk}; {@link #sample} is the same walk driven by the
 * denoiser from x_T to the end, so the two cannot disagree.
 */
public interface Sampler {

    /**
     * Runs the reverse process from {@code initialNoise} (x_T). Every random draw inside comes from
     * {@code random}, so a seeded generator gives identical images.
     */
    default ImageBatch sample(Denoiser denoiser, NoiseSchedule schedule, ImageBatch initialNoise,
                              RandomGenerator random, SamplingObserver observer) {
        return begin(schedule, random).run(denoiser, initialNoise, observer);
    }

    /** Number of denoiser calls this sampler makes for the schedule. */
    int steps(NoiseSchedule schedule);

    /** The timesteps this sampler visits on the schedule, decreasing from T-1: one denoiser call each. */
    int[] timesteps(NoiseSchedule schedule);

    /**
     * A walk over all of {@link #timesteps}, for one batch starting from x_T; its random draws come from
     * {@code random}. Fails here, before any denoiser call, on a schedule the sampler cannot walk.
     */
    default ReverseWalk begin(NoiseSchedule schedule, RandomGenerator random) {
        return begin(schedule, schedule.timesteps() - 1, random);
    }

    /**
     * A walk over the sampler's timesteps at or below {@code startTimestep} only, each step as it is in the whole walk:
     * for an image noised part of the way (image-to-image, SDEdit), noised to the walk's first timestep
     * ({@link ReverseWalk#timestep()}), which is {@code startTimestep} itself when the sampler visits it. Its random
     * draws come from {@code random}. Fails when no timestep of the sampler is that low.
     */
    ReverseWalk begin(NoiseSchedule schedule, int startTimestep, RandomGenerator random);

    String name();
}
