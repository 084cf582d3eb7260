package org.diffusion4j.core.samplers;

import java.util.Arrays;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;

/**
 * One batch's walk down a sampler's timesteps, one step at a time, for callers that must act between steps
 * (image-to-image, inpainting with RePaint, DDIM inversion, distillation). Get one from {@link Sampler#begin}; at each
 * step give it x_t and the denoiser's noise prediction for x_t at {@link #timestep()}, and it answers the next, less
 * noisy batch and the clean-image estimate. {@link #run} is the loop that does this with a denoiser, and every
 * sampler's {@code sample} is that loop.
 *
 * <p>A walk holds what a sampler carries from step to step (DPM-Solver++(2M)'s previous estimate) and draws its fresh
 * noise from the generator given to {@code begin}, so it belongs to one batch, is used once and is not thread-safe.
 * It never writes the batches it is given, and every step answers new ones, which the caller may keep.
 */
public final class ReverseWalk {

    /**
     * What one step made.
     *
     * @param nextImages      x at the next visited timestep (after the last step: the samples)
     * @param predictedImages the clean-image estimate x0 made from x_t; the chain sampler has none (a per-step noise says
     *                        nothing about x0) and gives {@code nextImages} here, as its observer calls always have
     */
    public record Step(ImageBatch nextImages, ImageBatch predictedImages) {
    }

    /** A sampler's update: fills the next images (and the estimate, unless it has none) from x_t and its noise. */
    interface Rule {

        /** Step {@code position} of the walk's timesteps; pixel buffers of one batch, all of the same length. */
        void apply(int position, float[] noisy, float[] noise, float[] next, float[] predicted);

        /** Whether the rule makes a clean-image estimate; if not, {@code predicted} is {@code next}. */
        default boolean estimates() {
            return true;
        }
    }

    private final String sampler;
    private final int[] timesteps;
    private final boolean perStepNoise;
    private final Rule rule;
    private int position;
    private ImageBatch firstBatch;

    /**
     * sampler: the name errors give; timesteps: those to visit, decreasing; perStepNoise: whether the rule inverts one
     * chain step's noise rather than the closed form's.
     */
    ReverseWalk(String sampler, int[] timesteps, boolean perStepNoise, Rule rule) {
        this.sampler = sampler;
        this.timesteps = timesteps.clone();
        this.perStepNoise = perStepNoise;
        this.rule = rule;
    }

    /**
     * Refuses, before any step, a denoiser whose predictions this walk's sampler cannot use (one chain step's noise, for
     * any sampler but the chain's); {@link #run} checks this itself, callers of {@link #step} call it once.
     */
    public void requireUsable(Denoiser denoiser) {
        SamplerSupport.checkPrediction(denoiser, sampler, perStepNoise);
    }

    /** The timesteps this walk visits, decreasing, including those already taken. */
    public int[] timesteps() {
        return timesteps.clone();
    }

    /** The number of steps of the whole walk, as observers are told. */
    public int totalSteps() {
        return timesteps.length;
    }

    /** 0-based index of the next step, which is also how many steps have been taken. */
    public int stepIndex() {
        return position;
    }

    /** Whether every timestep has been visited. */
    public boolean done() {
        return position == timesteps.length;
    }

    /**
     * The timestep of the next step: the one the x_t given to {@link #step} must be at, and the one to ask the denoiser
     * at. For image-to-image, noise the image to the first one.
     */
    public int timestep() {
        requireNotDone();
        return timesteps[position];
    }

    /**
     * Takes one step: from {@code noisyImages} x_t at {@link #timestep()} and {@code predictedNoise}, the denoiser's
     * noise prediction for it at that timestep, to x at the next visited timestep (or the samples after the last).
     * Every random draw of the step comes from the walk's generator.
     */
    public Step step(ImageBatch noisyImages, ImageBatch predictedNoise) {
        requireNotDone();
        requireSameShape(predictedNoise, noisyImages, "the noise prediction");
        if (firstBatch == null) {
            firstBatch = noisyImages;
        }
        // What a walk carries between steps belongs to one batch.
        requireSameShape(noisyImages, firstBatch, "x_t");
        int length = noisyImages.pixels().length;
        float[] next = new float[length];
        float[] predicted = rule.estimates() ? new float[length] : next;
        rule.apply(position, noisyImages.pixels(), predictedNoise.pixels(), next, predicted);
        position++;
        ImageBatch nextImages = noisyImages.withPixels(next);
        return new Step(nextImages, rule.estimates() ? noisyImages.withPixels(predicted) : nextImages);
    }

    /**
     * Takes the remaining steps with {@code denoiser}, starting from {@code noisyImages} at {@link #timestep()}, and
     * returns the samples. Before each update it asks the denoiser at the step's timestep; after it, it shows the
     * observer x_t and the step's estimate. The batches shown to the observer are reused between steps: copy them to
     * keep them.
     */
    public ImageBatch run(Denoiser denoiser, ImageBatch noisyImages, SamplingObserver observer) {
        SamplerSupport.checkPrediction(denoiser, sampler, perStepNoise);
        SamplerSupport.checkNoiseFitsDenoiser(denoiser, noisyImages);
        requireNotDone();
        if (firstBatch == null) {
            firstBatch = noisyImages;
        }
        requireSameShape(noisyImages, firstBatch, "x_t");
        int[] batchTimesteps = new int[noisyImages.count()];
        // Three buffers swapped between steps rather than two new ones a step; the caller's batch is never written.
        ImageBatch x = SamplerSupport.copyOf(noisyImages);
        ImageBatch next = SamplerSupport.sameShape(noisyImages);
        ImageBatch predicted = rule.estimates() ? SamplerSupport.sameShape(noisyImages) : next;
        while (!done()) {
            int stepIndex = position;
            int t = timesteps[position];
            Arrays.fill(batchTimesteps, t);
            ImageBatch noise = SamplerSupport.predictedNoise(denoiser, x, batchTimesteps);
            rule.apply(position, x.pixels(), noise.pixels(), next.pixels(), rule.estimates() ? predicted.pixels() : next.pixels());
            position++;
            observer.onStep(stepIndex, timesteps.length, t, x, rule.estimates() ? predicted : next);
            ImageBatch swap = x;
            x = next;
            next = swap;
        }
        return x;
    }

    private void requireNotDone() {
        if (done()) {
            throw new IllegalStateException("this " + sampler + " walk has taken all its " + timesteps.length
                    + " steps; begin a new one");
        }
    }

    private static void requireSameShape(ImageBatch given, ImageBatch expected, String what) {
        if (given.count() != expected.count() || given.height() != expected.height() || given.width() != expected.width()
                || given.channels() != expected.channels()) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(given.shape()) + " where this walk needs "
                    + Arrays.toString(expected.shape()));
        }
    }

    @Override
    public String toString() {
        return sampler + " walk at step " + position + " of " + timesteps.length;
    }
}
