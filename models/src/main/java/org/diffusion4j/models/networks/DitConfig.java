package org.diffusion4j.models.networks;

import org.diffusion4j.models.graph.ParameterStore;

import static org.diffusion4j.models.networks.VitConfig.require;

import org.diffusion4j.models.layers.Mlp;
import org.diffusion4j.models.layers.MultiHeadAttention;

/**
 * Everything that fixes a {@link DiffusionTransformer}'s graph and parameter shapes. Code builds one with
 * {@link #builder()}, which names every value; the canonical constructor is left to it and to Jackson, which
 * reads model.json with it (a field missing from an older file reads as 0 or false, which is what the builder
 * starts from for every field added since).
 *
 * @param imageSize        side of the square images
 * @param inChannels       image channels
 * @param patchSize        side of the non-overlapping square patches
 * @param width            token size
 * @param depth            transformer blocks
 * @param heads            attention heads (width / heads features each)
 * @param mlpRatio         feed-forward hidden size over the width (4 in DiT)
 * @param learnedPositions true: a learned position table; false: DiT's fixed 2-D sin-cos code (not trained)
 * @param timesteps        size of the sinusoidal time table (the diffusion's T)
 * @param classes          0 for an unconditional model; otherwise a label table of classes + 1 rows, the
 *                         last one meaning "no label"
 * @param longSkips        U-ViT's long skips (see {@link Builder#longSkips})
 * @param convChannels     0 for DiT's plain linear patch embedding and projection; otherwise the channels of a
 *                         3x3 convolutional stem before the patches and a 3x3 convolutional head after them
 *                         (see {@link Builder#convChannels})
 * @param mlpConv          a depthwise 3x3 convolution over the token grid inside every MLP (see {@link Builder#mlpConv})
 * @param stemSkip         the convolutional head also reads the stem's features (see {@link Builder#stemSkip})
 */
public record DitConfig(int imageSize, int inChannels, int patchSize, int width, int depth, int heads, int mlpRatio,
                        boolean learnedPositions, int timesteps, int classes, boolean longSkips, int convChannels,
                        boolean mlpConv, boolean stemSkip)
        implements NetworkConfig {

    /** Features of the sinusoidal timestep code fed to the time MLP, as in DiT. */
    public static final int TIME_FREQUENCIES = 256;

    /** A builder holding {@link #mnist()}'s values; see {@link Builder} for each default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A small DiT for 28x28 MNIST: 4x4 patches (7x7 = 49 tokens, cheap on a CPU), width 128, 6 blocks of 4
     * heads, MLP ratio 4, fixed sin-cos positions, T = 100. Unconditional: 1,867,664 parameters; with 10
     * classes: 1,869,072.
     */
    public static DitConfig mnist() {
        return builder().build();
    }

    /**
     * What {@code train --model dit} builds: {@link #mnist()} with a 16-channel convolutional stem and head
     * (4% lower validation loss for 3% more time), MLP ratio 2 (4% worse FLD at equal epochs for 13% less time,
     * so more epochs fit the U-Net preset's time) and the MLP's grid convolution (28% lower FLD at equal epochs
     * for about 10% more time) and the stem skip (24% lower FLD at equal epochs with the plain objective, for 0.2%
     * more FLOPs and about 4% more time); docs/RESULTS.md, section 3. Unconditional: 1,550,401 parameters.
     */
    public static DitConfig mnistPreset() {
        return builder().convChannels(16).mlpRatio(2).mlpConv(true).stemSkip(true).build();
    }

    public DitConfig withClasses(int classes) {
        return toBuilder().classes(classes).build();
    }

    public DitConfig withTimesteps(int steps) {
        return toBuilder().timesteps(steps).build();
    }

    public DitConfig withPatchSize(int size) {
        return toBuilder().patchSize(size).build();
    }

    /** U-ViT's long skips; see {@link Builder#longSkips}. */
    public DitConfig withLongSkips(boolean skips) {
        return toBuilder().longSkips(skips).build();
    }

    /** A convolutional stem and head of {@code channels} channels (0: none); see {@link Builder#convChannels}. */
    public DitConfig withConvChannels(int channels) {
        return toBuilder().convChannels(channels).build();
    }

    public DitConfig withMlpRatio(int ratio) {
        return toBuilder().mlpRatio(ratio).build();
    }

    /** The MLP's depthwise convolution over the token grid; see {@link Builder#mlpConv}. */
    public DitConfig withMlpConv(boolean conv) {
        return toBuilder().mlpConv(conv).build();
    }

    /** The skip from the stem to the head; see {@link Builder#stemSkip}. */
    public DitConfig withStemSkip(boolean skip) {
        return toBuilder().stemSkip(skip).build();
    }

    /** Features per pixel that the patches carry: the stem's channels, or the image's without a stem. */
    public int pixelFeatures() {
        return convChannels > 0 ? convChannels : inChannels;
    }

    /** Channels the convolutional head reads: the recomposed tokens' features, and the stem's with the stem skip. */
    public int headChannels() {
        return stemSkip ? 2 * convChannels : convChannels;
    }

    /** Blocks that receive a long skip: the second half (the middle one of an odd depth has none). */
    public int skipCount() {
        return longSkips ? depth / 2 : 0;
    }

    public int grid() {
        return imageSize / patchSize;
    }

    public int patchCount() {
        return grid() * grid();
    }

    /** Values per patch token: patch pixels times {@link #pixelFeatures}. */
    public int patchLength() {
        return patchSize * patchSize * pixelFeatures();
    }

    /** Trainable parameters of the network this configuration builds. */
    public long parameterCount() {
        long w = width;
        long patch = patchLength();
        long count = patch * w + w;                                   // patch embedding
        count += learnedPositions ? patchCount() * w : 0;
        count += TIME_FREQUENCIES * w + w + w * w + w;                // time MLP
        count += classes > 0 ? (classes + 1L) * w : 0;          // label table
        long block = MultiHeadAttention.parameterCount(width, heads, width / heads)
                + Mlp.parameterCount(width, mlpRatio * width, mlpConv)        // MLP, with its convolution
                + (w * 6 * w + 6 * w);                                // adaLN: shift, scale, gate for both sub-blocks
        count += depth * block;
        count += skipCount() * (2 * w * w + w);                       // long skips: [x, skip] -> width
        count += (w * 2 * w + 2 * w) + (w * patch + patch);           // final adaLN and projection to pixels
        if (convChannels > 0) {
            count += 9L * inChannels * convChannels + convChannels + 9L * headChannels() * inChannels + inChannels;   // 3x3 stem and head
        }
        return count;
    }

    /** Fails with a message naming the fix when this configuration cannot build. */
    public void validate() {
        require(imageSize > 0 && inChannels > 0 && patchSize > 0 && width > 0 && depth > 0 && heads > 0 && mlpRatio > 0
                && timesteps > 0, "all sizes must be positive: " + this);
        require(convChannels >= 0, "convChannels must be 0 (no convolutional stem and head) or positive, got " + convChannels);
        require(!stemSkip || convChannels > 0, "the stem skip joins the convolutional stem to the head, and convChannels is 0; "
                + "set convChannels (16 in the dit preset) or turn the stem skip off");
        require(classes >= 0, "classes must be 0 (unconditional) or the number of classes, got " + classes);
        require(imageSize % patchSize == 0, "image size " + imageSize + " is not divisible by the patch size " + patchSize
                + "; choose a patch size that divides it (for 28: 2, 4, 7 or 14) or pad the images");
        require(width % heads == 0, "width " + width + " is not divisible by " + heads + " heads; choose a head count that divides the width");
        require(learnedPositions || width % 4 == 0, "width " + width + " must be divisible by 4 for the fixed 2-D sin-cos "
                + "position code; choose such a width or learned positions");
    }

    /** {@inheritDoc} Every other value stays as it is. */
    @Override
    public DitConfig withInChannels(int channels) {
        DitConfig changed = toBuilder().inChannels(channels).build();
        changed.validate();
        return changed;
    }

    @Override
    public DenoisingNetwork build(ParameterStore params) {
        return new DiffusionTransformer(params, this);
    }

    /**
     * Names each value of a {@link DitConfig}. It starts from {@link #mnist()}: 28x28 images of 1 channel, 4x4
     * patches, width 128, depth 6, 4 heads, MLP ratio 4, fixed sin-cos positions, T = 100, unconditional, and
     * none of the later additions (long skips, convolutional stem and head, MLP convolution, stem skip): off, as
     * a model.json written before one of them existed reads it.
     */
    public static final class Builder {

        private int imageSize = 28;
        private int inChannels = 1;
        private int patchSize = 4;
        private int width = 128;
        private int depth = 6;
        private int heads = 4;
        private int mlpRatio = 4;
        private boolean learnedPositions;
        private int timesteps = 100;
        private int classes;
        private boolean longSkips;
        private int convChannels;
        private boolean mlpConv;
        private boolean stemSkip;

        private Builder() {
        }

        private Builder(DitConfig c) {
            imageSize = c.imageSize;
            inChannels = c.inChannels;
            patchSize = c.patchSize;
            width = c.width;
            depth = c.depth;
            heads = c.heads;
            mlpRatio = c.mlpRatio;
            learnedPositions = c.learnedPositions;
            timesteps = c.timesteps;
            classes = c.classes;
            longSkips = c.longSkips;
            convChannels = c.convChannels;
            mlpConv = c.mlpConv;
            stemSkip = c.stemSkip;
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

        public Builder width(int tokenWidth) {
            width = tokenWidth;
            return this;
        }

        public Builder depth(int blocks) {
            depth = blocks;
            return this;
        }

        public Builder heads(int count) {
            heads = count;
            return this;
        }

        public Builder mlpRatio(int ratio) {
            mlpRatio = ratio;
            return this;
        }

        public Builder learnedPositions(boolean learned) {
            learnedPositions = learned;
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

        /**
         * U-ViT's long skips: block depth + 1 - i takes block i's output, joined to its input by a linear map
         * from the concatenation. They let the deep blocks see the shallow features directly, which makes small
         * transformers learn faster (Bao et al. 2023).
         */
        public Builder longSkips(boolean skips) {
            longSkips = skips;
            return this;
        }

        /**
         * A convolutional stem and head of {@code channels} channels (0: none). The stem, a 3x3 convolution and
         * SiLU, gives every pixel of a patch a view of its neighbours, across the patch border, before the linear
         * patch embedding; the head projects each token to {@code channels} features per pixel, puts the patches
         * back and mixes them with SiLU and a 3x3 convolution, so neighbouring patches agree at their borders.
         * Early convolutions make vision transformers learn faster (Xiao et al. 2021), and U-ViT ends on such a
         * convolution (Bao et al. 2023).
         */
        public Builder convChannels(int channels) {
            convChannels = channels;
            return this;
        }

        /**
         * A depthwise 3x3 convolution of the MLP's hidden features over the 2-D grid of tokens, added to them
         * before the GELU (PVTv2's and SegFormer's convolutional feed-forward). Attention treats the tokens as a
         * set and learns their layout from the position code; the convolution gives every block the prior that
         * neighbouring patches belong together, at 10 parameters per hidden feature.
         */
        public Builder mlpConv(boolean conv) {
            mlpConv = conv;
            return this;
        }

        /**
         * A skip at full resolution from the stem to the head, as a U-Net's: the head's 3x3 convolution reads the
         * stem's features beside the recomposed tokens' (2 x convChannels in). With the plain epsilon objective the
         * nearly clean steps weigh most, and their noise is pixel detail that 49 tokens must otherwise carry through
         * every block; the skip hands it to the head directly (24% lower FLD at equal epochs, docs/RESULTS.md,
         * section 3). Needs the convolutional stem and head.
         */
        public Builder stemSkip(boolean skip) {
            stemSkip = skip;
            return this;
        }

        /** The configuration; {@link DitConfig#validate()} says whether it can build. */
        public DitConfig build() {
            return new DitConfig(imageSize, inChannels, patchSize, width, depth, heads, mlpRatio, learnedPositions, timesteps,
                    classes, longSkips, convChannels, mlpConv, stemSkip);
        }
    }
}
