package org.diffusion4j.models.networks;

import org.diffusion4j.models.graph.ParameterStore;

import org.diffusion4j.models.layers.MultiHeadAttention;

/**
 * Everything that fixes a {@link VisionTransformer}'s graph and parameter shapes. Code builds one with
 * {@link #builder()}, which names every value; the canonical constructor is left to it and to Jackson.
 *
 * @param imageSize   side of the square images
 * @param inChannels  image channels
 * @param patchSize   side of a square patch
 * @param patchStride pixels between neighbouring patches; below patchSize the patches overlap
 * @param width       token size (patch embedding, position and time tokens)
 * @param depth       attention layers
 * @param heads       attention heads per layer
 * @param headDim     features per head (Keras' key_dim); 0 means width / heads
 * @param inputResidual true: every layer adds its attention output to the embedded input tokens, as document
 *                    004 writes it; false: to the previous layer's output (the usual residual stream)
 * @param timesteps   size of the sinusoidal time table (the diffusion's T)
 * @param classes  0 for an unconditional model; otherwise a label table of classes + 1 rows, the last
 *                    one meaning "no label"
 */
public record VitConfig(int imageSize, int inChannels, int patchSize, int patchStride, int width, int depth, int heads,
                        int headDim, boolean inputResidual, int timesteps, int classes) implements NetworkConfig {

    /** A builder holding {@link #document004()}'s values; see {@link Builder} for each default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Document 004's MNIST transformer: 4x4 windows every 2 pixels (its PATCH_SIZE 2 plus OVER_PATCH 1 on
     * each side; the document leaves both values open, and these give (28 - 2) / 2 = 13 patches per side),
     * tokens as long as a patch (16), three attention layers of 20 heads of 100 features each added to the
     * embedded input, and T = 500 (its n_max). Unconditional: 405,584 parameters.
     */
    public static VitConfig document004() {
        return builder().build();
    }

    /**
     * What {@code train --model vit} builds: {@link #document004()} with heads of 16 features, as wide as its
     * tokens. A head wider than the tokens computes nothing a head as wide cannot: only the width x width
     * products Wq Wk^T and Wv Wo reach the output (MultiHeadAttentionTest rewrites one into the other exactly).
     * The same functions then cost 67,904 parameters instead of 405,584 and 132 MFLOP per image instead of 824,
     * and train 3.1 times as fast on a 2-core CPU (docs/RESULTS.md, section 3).
     */
    public static VitConfig mnistPreset() {
        return document004().withHeadDim(16);
    }

    public VitConfig withHeadDim(int features) {
        return toBuilder().headDim(features).build();
    }

    public VitConfig withClasses(int classes) {
        return toBuilder().classes(classes).build();
    }

    public VitConfig withTimesteps(int steps) {
        return toBuilder().timesteps(steps).build();
    }

    /** Patches per side. */
    public int grid() {
        return (imageSize - patchSize) / patchStride + 1;
    }

    public int patchCount() {
        return grid() * grid();
    }

    public int patchLength() {
        return patchSize * patchSize * inChannels;
    }

    public int headSize() {
        return headDim > 0 ? headDim : width / heads;
    }

    /** Trainable parameters of the network this configuration builds. */
    public long parameterCount() {
        long w = width;
        long patch = patchLength();
        long count = patch * w + w;                       // patch embedding
        count += (patchCount() + 1L) * w;                 // positions of the patch tokens and the time token
        count += w * w + w;                               // time token from the sinusoidal table
        count += classes > 0 ? (classes + 1L) * w : 0;
        count += depth * MultiHeadAttention.parameterCount(width, heads, headSize());
        count += w * patch + patch;                       // back to pixels
        return count;
    }

    /** Fails with a message naming the fix when this configuration cannot build. */
    public void validate() {
        require(imageSize > 0 && inChannels > 0 && patchSize > 0 && patchStride > 0 && width > 0 && depth > 0 && heads > 0
                && headDim >= 0 && timesteps > 0, "all sizes must be positive (headDim may be 0): " + this);
        require(classes >= 0, "classes must be 0 (unconditional) or the number of classes, got " + classes);
        require(patchSize <= imageSize, "patch size " + patchSize + " exceeds the image size " + imageSize + "; use a smaller patch");
        require(patchStride <= patchSize, "patch stride " + patchStride + " exceeds the patch size " + patchSize
                + ", which would skip pixels; use a stride at most the patch size");
        require((imageSize - patchSize) % patchStride == 0, "image size " + imageSize + " minus patch size " + patchSize + " = "
                + (imageSize - patchSize) + " is not divisible by the patch stride " + patchStride
                + "; change the patch size or stride so that the patches end at the image border");
        require(headDim > 0 || width % heads == 0, "width " + width + " is not divisible by " + heads
                + " heads; choose a head count that divides the width, or set headDim");
        require(width % 2 == 0, "width " + width + " must be even (the sinusoidal time table pairs sin and cos)");
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String architecture() {
        return "vit";
    }

    @Override
    public DenoisingNetwork build(ParameterStore params) {
        return new VisionTransformer(params, this);
    }

    /**
     * Names each value of a {@link VitConfig}. It starts from {@link #document004()}: 28x28 images of 1 channel,
     * 4x4 patches every 2 pixels, width 16, 3 layers of 20 heads of 100 features, each layer added to the embedded
     * input, T = 500, unconditional.
     */
    public static final class Builder {

        private int imageSize = 28;
        private int inChannels = 1;
        private int patchSize = 4;
        private int patchStride = 2;
        private int width = 16;
        private int depth = 3;
        private int heads = 20;
        private int headDim = 100;
        private boolean inputResidual = true;
        private int timesteps = 500;
        private int classes;

        private Builder() {
        }

        private Builder(VitConfig c) {
            imageSize = c.imageSize;
            inChannels = c.inChannels;
            patchSize = c.patchSize;
            patchStride = c.patchStride;
            width = c.width;
            depth = c.depth;
            heads = c.heads;
            headDim = c.headDim;
            inputResidual = c.inputResidual;
            timesteps = c.timesteps;
            classes = c.classes;
        }

        public Builder imageSize(int size) {
            imageSize = size;
            return this;
        }

        public Builder inChannels(int channels) {
            inChannels = channels;
            return this;
        }

        public Builder patchSize(int size) {
            patchSize = size;
            return this;
        }

        /** Pixels between neighbouring patches; below the patch size the patches overlap. */
        public Builder patchStride(int stride) {
            patchStride = stride;
            return this;
        }

        public Builder width(int tokenWidth) {
            width = tokenWidth;
            return this;
        }

        public Builder depth(int layers) {
            depth = layers;
            return this;
        }

        public Builder heads(int count) {
            heads = count;
            return this;
        }

        /** Features per head; 0 means width / heads. */
        public Builder headDim(int features) {
            headDim = features;
            return this;
        }

        /** true: every layer adds to the embedded input tokens (document 004); false: the usual residual stream. */
        public Builder inputResidual(boolean toInput) {
            inputResidual = toInput;
            return this;
        }

        public Builder timesteps(int steps) {
            timesteps = steps;
            return this;
        }

        public Builder classes(int count) {
            classes = count;
            return this;
        }

        /** The configuration; {@link VitConfig#validate()} says whether it can build. */
        public VitConfig build() {
            return new VitConfig(imageSize, inChannels, patchSize, patchStride, width, depth, heads, headDim, inputResidual,
                    timesteps, classes);
        }
    }
}
