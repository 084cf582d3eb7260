package org.diffusion4j.samplers;

import java.util.random.RandomGenerator;
import org.diffusion4j.denoisers.Denoiser;
import org.diffusion4j.images.ImageBatch;
import org.diffusion4j.schedules.NoiseSchedule;

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
