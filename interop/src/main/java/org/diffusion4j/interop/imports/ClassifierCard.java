package org.diffusion4j.interop.imports;

/**
 * How to drive a SavedModel signature as a digit classifier. Null fields are discovered from the
 * signature where unambiguous (see {@link SavedModelClassifier#open}). Code builds one with {@link #builder()},
 * which starts from nothing known; Jackson reads the JSON cards through the canonical constructor.
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

    /** A builder with every field unknown (null): a card that leaves everything to the signature and the graph. */
    public static Builder builder() {
        return new Builder();
    }

    /** Names each field of a {@link ClassifierCard}; what is not set stays null, to be discovered. */
    public static final class Builder {

        private String signature;
        private String imageInput;
        private String output;
        private Scores scores;
        private PixelRange pixels;
        private SizeFit fit;
        private String featuresSignature;
        private String featuresOutput;

        private Builder() {
        }

        public Builder signature(String key) {
            signature = key;
            return this;
        }

        public Builder imageInput(String name) {
            imageInput = name;
            return this;
        }

        public Builder output(String name) {
            output = name;
            return this;
        }

        public Builder scores(Scores meaning) {
            scores = meaning;
            return this;
        }

        public Builder pixels(PixelRange range) {
            pixels = range;
            return this;
        }

        public Builder fit(SizeFit value) {
            fit = value;
            return this;
        }

        /** The signature giving penultimate activations, and its output. */
        public Builder features(String signatureKey, String outputName) {
            featuresSignature = signatureKey;
            featuresOutput = outputName;
            return this;
        }

        public ClassifierCard build() {
            return new ClassifierCard(signature, imageInput, output, scores, pixels, fit, featuresSignature, featuresOutput);
        }
    }
}
