package org.diffusion4j.bench;

import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;

/**
 * A denoiser that measures the time spent inside another one, so that the time a sampler spends outside
 * it (its own Java loops, copies, random numbers) can be told apart. Closing it does not close the
 * wrapped denoiser: the caller that made that one owns it. Not thread-safe: samplers call from one thread.
 */
public final class TimingDenoiser implements Denoiser {

    private final Denoiser inner;
    private long insideNanos;
    private long calls;

    public TimingDenoiser(Denoiser inner) {
        this.inner = inner;
    }

    @Override
    public int height() {
        return inner.height();
    }

    @Override
    public int width() {
        return inner.width();
    }

    @Override
    public int channels() {
        return inner.channels();
    }

    @Override
    public org.diffusion4j.core.denoisers.Prediction prediction() {
        return inner.prediction();
    }

    @Override
    public double pixelScale() {
        return inner.pixelScale();
    }

    @Override
    public ImageBatch predictNoise(ImageBatch noisyImages, int[] timesteps) {
        long start = System.nanoTime();
        try {
            return inner.predictNoise(noisyImages, timesteps);
        } finally {
            insideNanos += System.nanoTime() - start;
            calls++;
        }
    }

    /** Seconds spent inside the wrapped denoiser since creation or the last reset. */
    public double insideSeconds() {
        return insideNanos / 1e9;
    }

    public long calls() {
        return calls;
    }

    public void reset() {
        insideNanos = 0;
        calls = 0;
    }
}
