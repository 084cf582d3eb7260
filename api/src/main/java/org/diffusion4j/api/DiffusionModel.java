package org.diffusion4j.api;

import java.util.List;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * A trained denoiser with the noise schedule it was trained on, ready to generate images: a run folder, a diffusion4j
 * export or a Keras SavedModel with its card, as {@link Diffusion#open} opened it. Generated images come back in
 * display units ([-1, 1], the model's own units and layout undone); {@link #denoiser()} gives the network itself, in
 * its own units, for code that drives a sampler step by step. Holds native memory: close it.
 */
public interface DiffusionModel extends AutoCloseable {

    /** Generates {@code count} images with the {@link #defaultSampler()} from {@code seed}; a conditional model's classes take turns. */
    default GeneratedImages generate(int count, long seed) {
        return generate(Generation.builder().count(count).seed(seed).build());
    }

    /** Generates the images {@code generation} asks for; the same request always gives the same pixels. */
    GeneratedImages generate(Generation generation);

    /**
     * Edits the images {@code edit} gives: image-to-image, inpainting or interpolation. The result holds the edited images in
     * display units, in the order of the inputs; an interpolation's holds each pair's frames in a row ({@link Edit#frames()}
     * per pair). The same request always gives the same pixels.
     */
    GeneratedImages edit(Edit edit);

    /** The classes a conditional model draws ("0".."9" for MNIST digits, the sub-folder names of an image folder); empty if unconditional. */
    List<String> classNames();

    /** Whether the model takes class labels (and so {@link Generation.Builder#className}, digits and guidance). */
    default boolean conditional() {
        return !classNames().isEmpty();
    }

    /** What the network predicts natively: noise, the clean image, v, or one chain step's noise. */
    Prediction prediction();

    /** The schedule the model was trained on. */
    NoiseSchedule schedule();

    /** The sampler {@link #generate(int, long)} uses: DDIM with 20 steps, or the chain sampler for a per-step-noise model. */
    SamplerSpec defaultSampler();

    /** The denoiser in the model's own units ({@link Denoiser#pixelScale()}), for step-by-step sampling; owned by this model. */
    Denoiser denoiser();

    /** Where the model came from, for messages and reports. */
    String source();

    /** Releases the TensorFlow session and graph. */
    @Override
    void close();
}
