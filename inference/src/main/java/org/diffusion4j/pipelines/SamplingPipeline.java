package org.diffusion4j.pipelines;

import java.util.SplittableRandom;
import org.diffusion4j.denoisers.Denoiser;
import org.diffusion4j.images.ImageBatch;
import org.diffusion4j.samplers.SampleNoise;
import org.diffusion4j.samplers.Sampler;
import org.diffusion4j.samplers.SamplingObserver;
import org.diffusion4j.schedules.NoiseSchedule;

/**
 * Denoiser + schedule + sampler = images. Generates any number of images in batches; each batch draws its
 * start noise and its sampling noise from its own generator split off the seed, so the images depend on
 * the seed and the batch size only.
 */
public final class SamplingPipeline {

    private final Denoiser denoiser;
    private final NoiseSchedule schedule;
    private final Sampler sampler;

    public SamplingPipeline(Denoiser denoiser, NoiseSchedule schedule, Sampler sampler) {
        this.denoiser = denoiser;
        this.schedule = schedule;
        this.sampler = sampler;
    }

    /** Progress of a whole generation: called once per finished batch. */
    @FunctionalInterface
    public interface BatchProgress {
        BatchProgress NONE = (done, total) -> { };

        void update(int imagesDone, int imagesTotal);
    }

    public ImageBatch generate(int count, int batchSize, long seed, SamplingObserver firstBatchObserver, BatchProgress progress) {
        if (count <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("count and batch size must be positive (got " + count + ", " + batchSize + ")");
        }
        float[] pixels = new float[count * denoiser.height() * denoiser.width() * denoiser.channels()];
        SplittableRandom root = new SplittableRandom(seed);
        int done = 0;
        while (done < count) {
            int n = Math.min(batchSize, count - done);
            SplittableRandom random = root.split();
            ImageBatch noise = SampleNoise.gaussian(n, denoiser.height(), denoiser.width(), denoiser.channels(), random);
            ImageBatch images = sampler.sample(denoiser, schedule, noise, random, done == 0 ? firstBatchObserver : SamplingObserver.NONE);
            System.arraycopy(images.pixels(), 0, pixels, done * images.imageSize(), images.pixels().length);
            done += n;
            progress.update(done, count);
        }
        return new ImageBatch(pixels, count, denoiser.height(), denoiser.width(), denoiser.channels());
    }
}
