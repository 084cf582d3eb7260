package org.diffusion4j.bench;

import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.SampleNoise;

/**
 * Times one denoiser call, including the copies between Java arrays and tensors, because a sampler pays
 * for those too.
 */
public final class ForwardBench {

    private ForwardBench() {
    }

    /** Seconds per call on a batch of Gaussian noise with random timesteps in 0..timesteps-1. */
    public static Stats secondsPerCall(Denoiser denoiser, int timesteps, int batchSize, int warmups, int repeats) {
        SplittableRandom random = new SplittableRandom(batchSize);
        ImageBatch noisy = SampleNoise.gaussian(batchSize, denoiser.height(), denoiser.width(), denoiser.channels(), random);
        int[] steps = random.ints(batchSize, 0, timesteps).toArray();
        return RepeatedTiming.seconds(warmups, repeats, () -> denoiser.predictNoise(noisy, steps));
    }
}
