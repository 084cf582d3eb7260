package org.diffusion4j.core.editing;

import java.util.Arrays;
import org.diffusion4j.core.denoisers.ConditionalDenoiser;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.denoisers.GuidedDenoiser;

/**
 * The classes an edit steers its images towards, one label per image, with classifier-free guidance.
 *
 * @param labels        one class per image of the request
 * @param scale         0 unconditional, 1 conditional, above 1 pushed further towards the class
 * @param maxGuidedStep guidance only at timesteps 0..maxGuidedStep ({@link Integer#MAX_VALUE}: at every step)
 */
public record Guidance(int[] labels, double scale, int maxGuidedStep) {

    public Guidance {
        labels = labels.clone();
    }

    /**
     * The denoiser for images {@code from..to} of a request: the model itself without guidance (a conditional model then
     * predicts without a label), else the model guided towards those images' labels.
     */
    static Denoiser forImages(Guidance guidance, Denoiser model, int from, int to) {
        if (guidance == null) {
            return model;
        }
        if (!(model instanceof ConditionalDenoiser conditional) || conditional.classes() == 0) {
            throw new IllegalArgumentException("this model was trained without labels, so an edit cannot be steered to a class; "
                    + "train one with --conditional");
        }
        return new GuidedDenoiser(conditional, Arrays.copyOfRange(guidance.labels, from, to), guidance.scale, guidance.maxGuidedStep);
    }
}
