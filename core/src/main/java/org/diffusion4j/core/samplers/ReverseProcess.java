package org.diffusion4j.core.samplers;

import java.util.Arrays;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;

/**
 * The bookkeeping every sampler here shares, so each one only writes its update rule: a working copy of
 * x_t (the caller's noise is never written), a buffer for the next, less noisy images and one for the x0
 * estimate, swapped after each step instead of allocated per step.
 */
final class ReverseProcess {

    private final Denoiser denoiser;
    private final int[] batchTimesteps;
    private final ImageBatch predictedImages;
    private ImageBatch noisyImages;
    private ImageBatch lessNoisyImages;

    ReverseProcess(Denoiser denoiser, ImageBatch initialNoise) {
        SamplerSupport.checkNoiseFitsDenoiser(denoiser, initialNoise);
        this.denoiser = denoiser;
        this.batchTimesteps = new int[initialNoise.count()];
        this.noisyImages = SamplerSupport.copyOf(initialNoise);
        this.lessNoisyImages = SamplerSupport.sameShape(initialNoise);
        this.predictedImages = SamplerSupport.sameShape(initialNoise);
    }

    /** The denoiser's noise prediction for the current x_t, every image at timestep t. */
    float[] predictNoise(int t) {
        Arrays.fill(batchTimesteps, t);
        return SamplerSupport.predictedNoises(denoiser, noisyImages, batchTimesteps);
    }

    /** Pixels of x_t. */
    float[] noisy() {
        return noisyImages.pixels();
    }

    /** Pixels to fill with the next, less noisy images. */
    float[] next() {
        return lessNoisyImages.pixels();
    }

    /** Pixels to fill with the x0 estimate. */
    float[] predicted() {
        return predictedImages.pixels();
    }

    /**
     * Shows the step to the observer (x_t and the estimate, or the updated images when the sampler has no
     * estimate) and makes the next images the current ones.
     */
    void advance(SamplingObserver observer, int step, int totalSteps, int t, boolean hasEstimate) {
        observer.onStep(step, totalSteps, t, noisyImages, hasEstimate ? predictedImages : lessNoisyImages);
        ImageBatch swap = noisyImages;
        noisyImages = lessNoisyImages;
        lessNoisyImages = swap;
    }

    /** The images after the last step. */
    ImageBatch result() {
        return noisyImages;
    }
}
