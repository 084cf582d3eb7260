package org.diffusion4j.interop.imports;

/**
 * How to drive a SavedModel signature as a digit classifier. Null fields are discovered from the
 * signature where unambiguous (see {@link SavedModelClassifier#open}).
 *
 * @param signature        signature key, e.g. serving_default
 * @param imageInput       the input taking the images (NHWC [-1,H,W,C] or [-1,H,W])
 * @param output           the output holding the class scores
 * @param scores           PROBABILITIES (softmax already applied) or LOGITS
 * @param pixels           model pixel values of black and white, e.g. {0, 1} for pixels / 255
 * @param fit              how 28x28 images map to another model size
 * @param featuresSignature optional signature giving penultimate activations (for the Fréchet distance)
 * @param featuresOutput   its output
 */
public record ClassifierCard(String signature, String imageInput, String output, Scores scores, PixelRange pixels, SizeFit fit,
                             String featuresSignature, String featuresOutput) {

    /** What the class output holds. */
    public enum Scores { PROBABILITIES, LOGITS }
}
