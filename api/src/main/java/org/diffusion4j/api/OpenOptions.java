package org.diffusion4j.api;

import java.nio.file.Path;
import org.diffusion4j.models.graph.Precision;

/**
 * How {@link Diffusion#open(Path, OpenOptions)} opens a model. Built with {@link #builder()} from documented defaults;
 * the card, signature, trust and size settings only concern SavedModels.
 *
 * @param threads       TensorFlow threads (default 0: one per core)
 * @param precision     how the network computes (default {@link Precision#FP32}; bf16 on CPUs with bfloat16 units)
 * @param rawWeights    a run samples with its raw weights instead of their moving average (default false: the EMA)
 * @param card          a SavedModel's denoiser card (JSON), for models that are not diffusion4j exports (default none)
 * @param signature     the SavedModel signature to call, overriding the card's (default: the card's or serving_default)
 * @param trustModel    load a SavedModel even if its graph would run file, process or network ops (default false)
 * @param outputSize    side of the images a SavedModel's samples are fitted to (default 0: 28 for grey models, else theirs)
 * @param twCheckpoint  the folder is the tw-diffusion Keras TF2 checkpoint, rebuilt in Java (needs {@code card})
 */
public record OpenOptions(int threads, Precision precision, boolean rawWeights, Path card, String signature, boolean trustModel,
                          int outputSize, boolean twCheckpoint) {

    /** Every default. */
    public static final OpenOptions DEFAULTS = builder().build();

    public OpenOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0: one per core), got " + threads);
        }
        precision = precision != null ? precision : Precision.FP32;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link OpenOptions}; each setter names the field it sets. */
    public static final class Builder {
        private int threads;
        private Precision precision = Precision.FP32;
        private boolean rawWeights;
        private Path card;
        private String signature;
        private boolean trustModel;
        private int outputSize;
        private boolean twCheckpoint;

        private Builder() {
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder precision(Precision value) {
            precision = value;
            return this;
        }

        public Builder rawWeights(boolean value) {
            rawWeights = value;
            return this;
        }

        public Builder card(Path value) {
            card = value;
            return this;
        }

        public Builder signature(String value) {
            signature = value;
            return this;
        }

        public Builder trustModel(boolean value) {
            trustModel = value;
            return this;
        }

        public Builder outputSize(int value) {
            outputSize = value;
            return this;
        }

        public Builder twCheckpoint(boolean value) {
            twCheckpoint = value;
            return this;
        }

        public OpenOptions build() {
            return new OpenOptions(threads, precision, rawWeights, card, signature, trustModel, outputSize, twCheckpoint);
        }
    }
}
