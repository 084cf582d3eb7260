package org.diffusion4j.core.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.NoiseSchedule;

/** A reverse process: turns pure noise into images with a denoiser trained on a schedule. */
public interface Sampler {

    /**
     * Runs the reverse process from {@code initialNoise} (x_T). Every random draw inside comes from
     * {@code random}, so a seeded generator gives identical images.
     */
    ImageBatch sample(Denoiser denoiser, NoiseSchedule schedule, ImageBatch initialNoise,
                      RandomGenerator random, SamplingObserver observer);

    /** Number of denoiser calls this sampler makes for the schedule. */
    int steps(NoiseSchedule schedule);

    String name();
}
