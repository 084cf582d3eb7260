package org.diffusion4j.core.editing;

import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.ImageBatches;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * Interpolation between pairs of images: both inverted to their DDIM latents, the latents interpolated on the sphere, and
 * every point of the path decoded by the same deterministic DDIM. Its ends are the images' own round trips. Images in
 * and out are pixels in [-1, 1].
 */
public final class Interpolation {

    private final Denoiser denoiser;
    private final NoiseSchedule schedule;
    private final int steps;

    /** Inverts and decodes with DDIM of {@code steps} steps, eta 0, x0 clipped on the way down. */
    public Interpolation(Denoiser denoiser, NoiseSchedule schedule, int steps) {
        this.denoiser = denoiser;
        this.schedule = schedule;
        this.steps = steps;
    }

    /**
     * {@code frames} images from each {@code from} image to its {@code to} image, frame-major: frame 0 of every pair, then frame
     * 1, and so on, so each frame is one batch (a row of a grid per frame, or a GIF of the rows).
     */
    public ImageBatch between(ImageBatch from, ImageBatch to, int frames, Guidance guidance) {
        if (frames < 2) {
            throw new IllegalArgumentException("an interpolation needs at least 2 frames (its two ends), got " + frames);
        }
        if (from.count() != to.count()) {
            throw new IllegalArgumentException(from.count() + " images to interpolate from but " + to.count() + " to; give pairs");
        }
        Denoiser model = Guidance.forImages(guidance, denoiser, 0, from.count());
        DdimInversion inversion = new DdimInversion(schedule, steps);
        ImageBatch fromLatents = inversion.invert(model, ImageBatches.scaled(from, denoiser.pixelScale()));
        ImageBatch toLatents = inversion.invert(model, ImageBatches.scaled(to, denoiser.pixelScale()));
        int size = from.pixels().length;
        float[] path = new float[frames * size];
        for (int frame = 0; frame < frames; frame++) {
            ImageBatch latents = DdimInversion.slerp(fromLatents, toLatents, frame / (double) (frames - 1));
            ImageBatch decoded = decode(model, latents);
            System.arraycopy(ImageBatches.scaled(decoded, 1 / denoiser.pixelScale()).pixels(), 0, path, frame * size, size);
        }
        return new ImageBatch(path, frames * from.count(), from.height(), from.width(), from.channels());
    }

    /** The images DDIM makes from {@code latents} (deterministic: no generator is drawn from), in the denoiser's units. */
    public ImageBatch decode(Denoiser model, ImageBatch latents) {
        return new DdimSampler(steps, 0, true).begin(schedule, null).run(model, latents, SamplingObserver.NONE);
    }
}
