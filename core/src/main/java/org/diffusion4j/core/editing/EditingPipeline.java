package org.diffusion4j.core.editing;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.ImageBatches;
import org.diffusion4j.core.samplers.ReverseWalk;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.Sampler;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * Edits given images with a denoiser's reverse process instead of drawing new ones from noise: image-to-image (SDEdit,
 * Meng et al., 2022: noise the image part of the way, walk back) and inpainting (the known pixels noised to every step's
 * timestep, the masked ones from the model, with RePaint's resampling as an option). Images go in and come out as pixels
 * in [-1, 1]; the denoiser's own units ({@link Denoiser#pixelScale()}) are handled here.
 */
public final class EditingPipeline {

    private final Denoiser denoiser;
    private final NoiseSchedule schedule;
    private final Sampler sampler;

    public EditingPipeline(Denoiser denoiser, NoiseSchedule schedule, Sampler sampler) {
        this.denoiser = denoiser;
        this.schedule = schedule;
        this.sampler = sampler;
    }

    /**
     * The timestep an image-to-image edit of {@code strength} starts from: strength x T, at most T-1. Strength 1 starts from
     * (nearly) pure noise and keeps little of the image; small strengths change details only.
     */
    public int startTimestep(double strength) {
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("the strength must be in (0, 1] (the share of the noise schedule to go back up), got "
                    + strength);
        }
        return Math.min(schedule.timesteps() - 1, (int) Math.round(strength * schedule.timesteps()));
    }

    /**
     * SDEdit: each image noised to the sampler's first timestep at or below {@code startTimestep}, then walked back to a clean
     * image by the sampler from there.
     */
    public ImageBatch imageToImage(ImageBatch images, int startTimestep, Guidance guidance, Batching batching) {
        requireFits(images);
        return inBatches(images, guidance, batching, (batch, model, random, observer) -> {
            ReverseWalk walk = sampler.begin(schedule, startTimestep, random);
            ImageBatch noise = SampleNoise.gaussian(batch.count(), batch.height(), batch.width(), batch.channels(), random);
            return walk.run(model, schedule.addNoise(batch, noise, walk.timestep()), observer);
        });
    }

    /**
     * Inpainting from pure noise: before each denoiser call the pixels {@code mask} keeps are replaced by the image's own,
     * noised afresh to that step's timestep, so the model paints the rest to fit them; RePaint's {@code resampling} repeats
     * stretches of the walk. The kept pixels of the result are the input's, exactly.
     */
    public ImageBatch inpaint(ImageBatch images, InpaintingMask mask, Resampling resampling, Guidance guidance, Batching batching) {
        requireFits(images);
        if (mask.height() != images.height() || mask.width() != images.width()) {
            throw new IllegalArgumentException("the mask is " + mask.width() + "x" + mask.height() + " but the images are " + images.width()
                    + "x" + images.height() + "; give a mask of the images' size");
        }
        ImageBatch result = inBatches(images, guidance, batching,
                (batch, model, random, observer) -> inpaintBatch(batch, mask, resampling, model, random, observer));
        // Exactly the input where the mask keeps it: float rounding of the walk's own copy must not leak into known pixels.
        float[] exact = new float[result.pixels().length];
        mask.composite(result.pixels(), images.pixels(), exact, images.channels());
        return result.withPixels(exact);
    }

    private ImageBatch inpaintBatch(ImageBatch known, InpaintingMask mask, Resampling resampling, Denoiser model,
                                    SplittableRandom random, SamplingObserver observer) {
        int[] timesteps = sampler.timesteps(schedule);
        int n = timesteps.length;
        ImageBatch x = SampleNoise.gaussian(known.count(), known.height(), known.width(), known.channels(), random);
        int[] batchTimesteps = new int[known.count()];
        int observed = 0;
        int totalCalls = resampling.calls(n);
        for (int start = 0; start < n; start += resampling.jumpLength()) {
            int end = Math.min(start + resampling.jumpLength(), n);
            int passes = end < n ? resampling.jumps() : 1;
            for (int pass = 0; pass < passes; pass++) {
                ReverseWalk walk = sampler.begin(schedule, timesteps[start], random);
                walk.requireUsable(model);
                for (int position = start; position < end; position++) {
                    int t = timesteps[position];
                    ImageBatch noise = SampleNoise.gaussian(known.count(), known.height(), known.width(), known.channels(), random);
                    ImageBatch knownNoisy = schedule.addNoise(known, noise, t);
                    // A fresh array each step, not a reused one: an observer (a GIF's trajectory) may keep xt.
                    float[] merged = new float[x.pixels().length];
                    mask.composite(x.pixels(), knownNoisy.pixels(), merged, known.channels());
                    ImageBatch xt = x.withPixels(merged);
                    Arrays.fill(batchTimesteps, t);
                    ReverseWalk.Step step = walk.step(xt, model.predictNoise(xt, batchTimesteps));
                    observer.onStep(observed++, totalCalls, t, xt, step.predictedImages());
                    x = step.nextImages();
                }
                if (pass + 1 < passes) {
                    ImageBatch noise = SampleNoise.gaussian(known.count(), known.height(), known.width(), known.channels(), random);
                    x = schedule.renoise(x, noise, timesteps[end], timesteps[start]);
                }
            }
        }
        return x;
    }

    /** One batch's edit, given its images in the denoiser's units, its denoiser and its generator. */
    private interface BatchEdit {
        ImageBatch apply(ImageBatch batch, Denoiser model, SplittableRandom random, SamplingObserver observer);
    }

    private ImageBatch inBatches(ImageBatch images, Guidance guidance, Batching batching, BatchEdit edit) {
        if (guidance != null && guidance.labels().length != images.count()) {
            throw new IllegalArgumentException("need one label per image: " + guidance.labels().length + " for " + images.count());
        }
        float scale = (float) denoiser.pixelScale();
        float[] pixels = new float[images.pixels().length];
        SplittableRandom root = new SplittableRandom(batching.seed());
        int done = 0;
        while (done < images.count()) {
            int n = Math.min(batching.batchSize(), images.count() - done);
            ImageBatch batch = ImageBatches.scaled(images.slice(done, done + n), scale);
            ImageBatch edited = edit.apply(batch, Guidance.forImages(guidance, denoiser, done, done + n), root.split(),
                    done == 0 ? batching.firstBatchObserver() : SamplingObserver.NONE);
            float[] out = edited.pixels();
            for (int i = 0; i < out.length; i++) {
                pixels[done * images.imageSize() + i] = out[i] / scale;
            }
            done += n;
            batching.progress().update(done, images.count());
        }
        return images.withPixels(pixels);
    }

    private void requireFits(ImageBatch images) {
        if (images.height() != denoiser.height() || images.width() != denoiser.width() || images.channels() != denoiser.channels()) {
            throw new IllegalArgumentException("the images are " + images.width() + "x" + images.height() + "x" + images.channels()
                    + " but the model draws " + denoiser.width() + "x" + denoiser.height() + "x" + denoiser.channels()
                    + "; read them at the model's size and channels");
        }
        if (images.count() == 0) {
            throw new IllegalArgumentException("no images to edit");
        }
    }
}
