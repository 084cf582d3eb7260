package org.diffusion4j.core.samplers;

import org.diffusion4j.core.images.ImageBatch;

/** Sees every step of a reverse process: for progress bars and for recording trajectories. */
@FunctionalInterface
public interface SamplingObserver {

    SamplingObserver NONE = (stepIndex, totalSteps, timestep, noisyImages, predictedImages) -> { };

    /**
     * Called after step {@code stepIndex} (0-based, of {@code totalSteps}) with x_t before the update
     * and the clean-image estimate x0 made from it at timestep {@code timestep}. The batches are a sampler's working
     * buffers, reused at the next step: copy (or slice) them to keep them.
     */
    void onStep(int stepIndex, int totalSteps, int timestep, ImageBatch noisyImages, ImageBatch predictedImages);

    /** This observer, then {@code next}: e.g. a progress bar and a {@link Trajectory} at once. */
    default SamplingObserver andThen(SamplingObserver next) {
        return (stepIndex, totalSteps, timestep, noisyImages, predictedImages) -> {
            onStep(stepIndex, totalSteps, timestep, noisyImages, predictedImages);
            next.onStep(stepIndex, totalSteps, timestep, noisyImages, predictedImages);
        };
    }
}
