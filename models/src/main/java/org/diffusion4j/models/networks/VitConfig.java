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
 * @param pixelTokens true: the tokens are the raw patches (width = patch length) and the network's output is the
 *                    patch tokens after the last layer, so with the input residual it adds the noisy patch to its
 *                    output, as the author's notebook does; false: patches are embedded into width-wide tokens and
 *                    projected back (the port's reading of the blog post). Absent in older runs: false
 * @param levelBase   above 0: the noise-level token is levelBase^(t+1) in every element, i.e. the geometric chain's
 *                    signal rate a^n (the notebook's alpha^n row); 0: a Dense of the sinusoidal timestep code.
 *                    Absent in older runs: 0
 * @param pixelScale  the data units the network trains and samples in, relative to [-1, 1] pixels: training images
 *                    are multiplied by it and samples divided by it (0.5 gives the notebook's x / 256 - 0.5 up to
 *                    a 0.4% scale and a 0.002 offset). Absent in older runs (read as 0): 1
 * @param patchLoss   true: the training loss is taken on every patch copy against the patches of the noise, before
 *                    the overlaps are averaged, as the notebook's loss is; false: on the recomposed image. Absent in
 *                    older runs: false
 * @param noiseRepeats each training image is noised this many times in a step, with fresh noise and noise level
 *                    each time (the notebook's n_repeat 100: batches of 5 images make 500 pairs); a step's batch
 *                    counts pairs. Absent in older runs (read as 0): 1
 */
public record VitConfig(int imageSize, int inChannels, int patchSize, int patchStride, int width, int depth, int heads,
                        int headDim, boolean inputResidual, int timesteps, int classes, boolean pixelTokens,
                        double levelBase, double pixelScale, boolean patchLoss, int noiseRepeats) implements NetworkConfig {

    public VitConfig {
        // Zero only where Jackson reads a model.json from before the field existed: what those runs used.
        if (pixelScale == 0) {
            pixelScale = 1;
        }
        if (noiseRepeats == 0) {
            noiseRepeats = 1;
        }
    }

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
     * The port's earlier {@code vit} preset: {@link #document004()} with heads of 16 features, as wide as its
     * tokens. A head wider than the tokens computes nothing a head as wide cannot: only the width x width
     * products Wq Wk^T and Wv Wo reach the output (MultiHeadAttentionTest rewrites one into the other exactly).
     * The same functions then cost 67,904 parameters instead of 405,584 and 132 MFLOP per image instead of 824.
     * It samples strokes, not digits (docs/RESULTS.md, sections 3 and 7).
     */
    public static VitConfig blogPostPreset() {
        return document004().withHeadDim(16);
    }

    /**
     * The network of the author's notebook, the code behind document 004's pictures: 18x18 windows every 10 pixels
     * (its PATCH_SIZE 10 plus OVER_PATCH 4 on each side) give 2 x 2 = 4 tokens of 324 raw pixel values, plus the
     * noise-level token a^n (a = 0.99); the input is [batch, 5, 324]. One layer of 100 heads of 100 features added to
     * the input tokens, no embedding and no projection back, so the output is the noisy patch plus the attention's
     * correction; pixels x / 256 - 0.5; the loss on every patch copy; each image noised 100 times a step. 12,991,620
     * parameters (the notebook's 12.99M).
     */
    public static VitConfig notebook() {
        return builder().patchSize(18).patchStride(10).width(18 * 18).depth(1).heads(100).headDim(100).pixelTokens(true)
                .levelBase(0.99).pixelScale(0.5).patchLoss(true).noiseRepeats(100).build();
    }

    /**
     * What {@code train --model vit} builds: {@link #notebook()}, as the author trained it (docs/RESULTS.md,
     * section 7 says what each of its departures from the blog post's settings bought).
     */
    public static VitConfig mnistPreset() {
        return notebook();
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
        long count = 0;
        if (pixelTokens) {
            count += patchCount() * w;                    // positions of the patch tokens (the level token has none)
        } else {
            count += patch * w + w;                       // patch embedding
            count += (patchCount() + 1L) * w;             // positions of the patch tokens and the time token
        }
        count += levelBase > 0 ? 0 : w * w + w;           // time token from the sinusoidal table
        count += classes > 0 ? (classes + 1L) * w : 0;
        count += depth * MultiHeadAttention.parameterCount(width, heads, headSize());
        count += pixelTokens ? 0 : w * patch + patch;     // back to pixels
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
        require(levelBase > 0 || width % 2 == 0, "width " + width + " must be even (the sinusoidal time table pairs sin and cos)");
        require(!pixelTokens || width == patchLength(), "pixel tokens are the raw patches, so the width must be the patch length "
                + patchLength() + ", got " + width + "; set the width to " + patchLength());
        require(levelBase >= 0 && levelBase < 1, "the noise-level base must be in (0, 1) (the chain's a), or 0 for the sinusoidal "
                + "time token, got " + levelBase);
        require(pixelScale > 0, "the pixel scale must be positive, got " + pixelScale);
        require(noiseRepeats >= 1, "noise repeats must be at least 1, got " + noiseRepeats);
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public double pixelScale() {
        return pixelScale;
    }

    /** {@inheritDoc} Every other value stays as it is. */
    @Override
    public VitConfig withInChannels(int channels) {
        VitConfig changed = toBuilder().inChannels(channels).build();
        changed.validate();
        return changed;
    }

    @Override
    public DenoisingNetwork build(ParameterStore params) {
        return new VisionTransformer(params, this);
    }

    /**
     * Names each value of a {@link VitConfig}. It starts from {@link #document004()}: 28x28 images of 1 channel,
     * 4x4 patches every 2 pixels, width 16, 3 layers of 20 heads of 100 features, each layer added to the embedded
     * input, T = 500, unconditional, embedded tokens, the sinusoidal time token, [-1, 1] pixels, the loss on the
     * recomposed image, one noisy copy of each image.
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
        private boolean pixelTokens;
        private double levelBase;
        private double pixelScale = 1;
        private boolean patchLoss;
        private int noiseRepeats = 1;

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
            pixelTokens = c.pixelTokens;
            levelBase = c.levelBase;
            pixelScale = c.pixelScale;
            patchLoss = c.patchLoss;
            noiseRepeats = c.noiseRepeats;
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

        /** true: the raw patches are the tokens and the output (the notebook); false: embedded tokens projected back. */
        public Builder pixelTokens(boolean raw) {
            pixelTokens = raw;
            return this;
        }

        /** Above 0: the noise-level token is levelBase^(t+1) (the geometric chain's a); 0: the sinusoidal time token. */
        public Builder levelBase(double a) {
            levelBase = a;
            return this;
        }

        /** Data units relative to [-1, 1] pixels (0.5: the notebook's x / 256 - 0.5). */
        public Builder pixelScale(double scale) {
            pixelScale = scale;
            return this;
        }

        /** true: the loss is taken on every patch copy before the overlaps are averaged. */
        public Builder patchLoss(boolean onCopies) {
            patchLoss = onCopies;
            return this;
        }

        /** Noisy copies of each training image in a step. */
        public Builder noiseRepeats(int copies) {
            noiseRepeats = copies;
            return this;
        }

        /** The configuration; {@link VitConfig#validate()} says whether it can build. */
        public VitConfig build() {
            return new VitConfig(imageSize, inChannels, patchSize, patchStride, width, depth, heads, headDim, inputResidual,
                    timesteps, classes, pixelTokens, levelBase, pixelScale, patchLoss, noiseRepeats);
        }
    }
}
