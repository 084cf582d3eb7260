package org.diffusion4j.core.pipelines;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.ConditionalDenoiser;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.denoisers.GuidedDenoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.Sampler;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * Denoiser + schedule + sampler = images. Generates any number of images in batches; each batch draws its
 * start noise and its sampling noise from its own generator split off the seed, so the images depend on
 * the seed and the batch size only. The images come back as pixels in [-1, 1] (black to white), whatever units the
 * denoiser samples in; the first batch's observer sees the walk in the denoiser's own units.
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
        return generate(count, batchSize, seed, firstBatchObserver, progress, (from, to) -> denoiser);
    }

    /**
     * Images of the given classes, one per label, guided towards them by classifier-free guidance with
     * {@code guidanceScale}; the pipeline's denoiser must be conditional.
     */
    public ImageBatch generate(int[] labels, double guidanceScale, int batchSize, long seed, SamplingObserver firstBatchObserver,
                               BatchProgress progress) {
        return generate(labels, guidanceScale, Integer.MAX_VALUE, batchSize, seed, firstBatchObserver, progress);
    }

    /** The same with guidance at timesteps 0..maxGuidedStep only (see {@link GuidedDenoiser}). */
    public ImageBatch generate(int[] labels, double guidanceScale, int maxGuidedStep, int batchSize, long seed,
                               SamplingObserver firstBatchObserver, BatchProgress progress) {
        if (!(denoiser instanceof ConditionalDenoiser model) || model.classes() == 0) {
            throw new IllegalArgumentException("this model was trained without labels; train with --conditional to ask for digits");
        }
        return generate(labels.length, batchSize, seed, firstBatchObserver, progress,
                (from, to) -> new GuidedDenoiser(model, Arrays.copyOfRange(labels, from, to), guidanceScale, maxGuidedStep));
    }

    /** The denoiser that samples images from..to of a generation. */
    private interface BatchDenoiser {
        Denoiser forImages(int from, int to);
    }

    private ImageBatch generate(int count, int batchSize, long seed, SamplingObserver firstBatchObserver, BatchProgress progress,
                                BatchDenoiser batchDenoiser) {
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
            ImageBatch images = sampler.sample(batchDenoiser.forImages(done, done + n), schedule, noise, random, done == 0 ? firstBatchObserver : SamplingObserver.NONE);
            System.arraycopy(images.pixels(), 0, pixels, done * images.imageSize(), images.pixels().length);
            done += n;
            progress.update(done, count);
        }
        // A denoiser working in other data units (Denoiser.pixelScale) samples in them; callers get pixels in [-1, 1].
        double pixelScale = denoiser.pixelScale();
        if (pixelScale != 1) {
            float scale = (float) pixelScale;
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] /= scale;
            }
        }
        return new ImageBatch(pixels, count, denoiser.height(), denoiser.width(), denoiser.channels());
    }
}
