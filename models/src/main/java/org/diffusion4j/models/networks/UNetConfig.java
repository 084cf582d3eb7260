package org.diffusion4j.models.networks;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.diffusion4j.models.graph.ParameterStore;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Everything that fixes a U-Net's graph and parameter shapes. Saved as JSON next to every checkpoint, so
 * a run folder alone is enough to rebuild the model. Code builds one with {@link #builder()}, which names every
 * value; the canonical constructor is left to it and to Jackson.
 *
 * @param classes              number of class labels the network is conditioned on (0: unconditional, as in runs
 *                             saved before conditioning existed); a conditional network also knows label
 *                             {@code classes}, "no label"
 * @param attentionResolutions feature-map sides whose levels get self-attention after every block (see
 *                             {@link Builder#attentionResolutions}); empty, as document 000 and every run saved before
 *                             the field existed have it, means attention in the middle only. Left out of model.json
 *                             when empty, so those runs' files stay byte for byte as they were
 */
public record UNetConfig(int imageSize, int inChannels, int modelChannels, List<Integer> channelMultipliers,
                         int blocksPerLevel, BlockType blockType, int groups, int attentionHeads, int timesteps,
                         int classes, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> attentionResolutions)
        implements NetworkConfig {

    public UNetConfig {
        channelMultipliers = List.copyOf(channelMultipliers);
        // A model.json written before the field existed has none: those networks had middle attention only.
        attentionResolutions = attentionResolutions == null ? List.of() : List.copyOf(attentionResolutions);
    }

    /** A builder holding document 000's values at 28x28; see {@link Builder} for each default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Document 000's MNIST model: 403,409 parameters. */
    public static UNetConfig document000(int imageSize) {
        return builder().imageSize(imageSize).build();
    }

    /**
     * A colour U-Net for 32x32 RGB images (CIFAR-10's size), sized for an hour of training on two CPU cores.
     * DDPM's CIFAR-10 network (Ho et al. 2020, appendix B) sets the shape: four levels (sides 32, 16, 8 and 4, the
     * middle at 4x4), self-attention at 16x16 as well as in the middle, and a single attention head. Its 128 model
     * channels and two blocks per level (35.7M parameters) would take days here, so this keeps document 000's 16
     * model channels, one block per level and 8 GroupNorm groups, and lets the cheap coarse levels widen faster
     * (multipliers 1, 2, 3, 4: 16 to 64 channels), which buys twice the parameters of DDPM's 1, 2, 2, 2 at this
     * width for 18% more FLOPs. A second block per level would cost about a third more time, better spent on more
     * images. 862,963 parameters, 440 MFLOP per image and training step.
     */
    public static UNetConfig rgb32() {
        return builder().imageSize(32).inChannels(3).modelChannels(16).channelMultipliers(List.of(1, 2, 3, 4))
                .attentionHeads(1).attentionResolutions(List.of(16)).build();
    }

    /**
     * A colour U-Net for 64x64 RGB images: {@link #rgb32()} with one more level in front (sides 64, 32, 16, 8, 4,
     * the middle at 4x4; multipliers 1, 1, 2, 3, 4), so the same channels work at the same sides from 32x32 down.
     * Attention stays at 16x16 and in the middle, where DDPM puts it at every image size (its 256x256 networks
     * too): at 32x32 its score matrix would be 16 times as large (1,024 x 1,024 per head and image), at 64x64 256
     * times. 16 channels at the top two levels keep four times the pixels affordable: 887,811 parameters, 932 MFLOP
     * per image and training step (2.1 times {@link #rgb32()}).
     */
    public static UNetConfig rgb64() {
        return builder().imageSize(64).inChannels(3).modelChannels(16).channelMultipliers(List.of(1, 1, 2, 3, 4))
                .attentionHeads(1).attentionResolutions(List.of(16)).build();
    }

    /** The same network conditioned on {@code count} class labels (0: unconditional). */
    public UNetConfig withClasses(int count) {
        return toBuilder().classes(count).build();
    }

    public boolean conditional() {
        return classes > 0;
    }

    /** Channels at each level: model channels followed by model channels times each multiplier. */
    public int[] levelChannels() {
        int[] channels = new int[channelMultipliers.size() + 1];
        channels[0] = modelChannels;
        for (int i = 0; i < channelMultipliers.size(); i++) {
            channels[i + 1] = modelChannels * channelMultipliers.get(i);
        }
        return channels;
    }

    /** Number of 2x downsamplings between the input and the middle. */
    public int downsamplings() {
        return channelMultipliers.size() - 1;
    }

    /** Side of the feature maps at {@code level} (1: the image's; the middle works at the last level's). */
    public int levelSize(int level) {
        return imageSize >> (level - 1);
    }

    /** Whether the blocks of {@code level} are followed by self-attention. */
    public boolean attentionAt(int level) {
        return attentionResolutions.contains(levelSize(level));
    }

    public int timeEmbeddingDim() {
        return 4 * modelChannels;
    }

    /**
     * Fails with a message naming the fix when this configuration cannot build: the alternative is a
     * shape error from deep inside TensorFlow.
     */
    public void validate() {
        require(imageSize > 0 && inChannels > 0 && modelChannels > 0 && blocksPerLevel > 0 && groups > 0
                && attentionHeads > 0 && timesteps > 0, "all sizes must be positive: " + this);
        require(!channelMultipliers.isEmpty() && channelMultipliers.stream().allMatch(m -> m > 0),
                "channel multipliers must be a non-empty list of positive integers, got " + channelMultipliers);
        require(classes >= 0, "the class count must be 0 (unconditional) or positive, got " + classes);
        int factor = 1 << downsamplings();
        require(imageSize % factor == 0, "image size " + imageSize + " is not divisible by 2^" + downsamplings() + " = " + factor
                + " (one halving per level after the first); pad the images (e.g. 28 -> 32) or use fewer channel multipliers");
        for (int c : levelChannels()) {
            require(c % groups == 0, "GroupNorm groups (" + groups + ") must divide every level's channel count "
                    + Arrays.toString(levelChannels()) + "; choose groups dividing " + c);
        }
        int middle = levelChannels()[levelChannels().length - 1];
        require(middle % attentionHeads == 0, "attention heads (" + attentionHeads + ") must divide the middle channel count "
                + middle + "; choose a head count that divides it");
        validateAttentionResolutions();
    }

    private void validateAttentionResolutions() {
        int[] channels = levelChannels();
        List<Integer> sides = IntStream.rangeClosed(1, channelMultipliers.size()).map(this::levelSize).boxed().toList();
        for (int side : attentionResolutions) {
            require(sides.contains(side), "attention resolution " + side + " is not the side of any level " + sides
                    + "; choose among those (the middle always has attention)");
            int level = sides.indexOf(side) + 1;
            // A level's down blocks keep its input channels, its up blocks produce its output channels.
            for (int c : new int[] {channels[level - 1], channels[level]}) {
                require(c % attentionHeads == 0, "attention heads (" + attentionHeads + ") must divide the channel count " + c
                        + " of the " + side + "x" + side + " level that has attention; choose a head count that divides it");
            }
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@inheritDoc} Every other value stays as it is. */
    @Override
    public UNetConfig withInChannels(int channels) {
        UNetConfig changed = toBuilder().inChannels(channels).build();
        changed.validate();
        return changed;
    }

    @Override
    public DenoisingNetwork build(ParameterStore params) {
        return new UNet(params, this);
    }

    /**
     * Names each value of a {@link UNetConfig}. It starts from document 000's MNIST model: 28x28 images of 1
     * channel, 16 model channels with multipliers 1, 2, 3, one residual block per level, 8 GroupNorm groups,
     * 4 attention heads, T = 100, unconditional, attention in the middle only.
     */
    public static final class Builder {

        private int imageSize = 28;
        private int inChannels = 1;
        private int modelChannels = 16;
        private List<Integer> channelMultipliers = List.of(1, 2, 3);
        private int blocksPerLevel = 1;
        private BlockType blockType = BlockType.RES_BLOCK;
        private int groups = 8;
        private int attentionHeads = 4;
        private int timesteps = 100;
        private int classes;
        private List<Integer> attentionResolutions = List.of();

        private Builder() {
        }

        private Builder(UNetConfig c) {
            imageSize = c.imageSize;
            inChannels = c.inChannels;
            modelChannels = c.modelChannels;
            channelMultipliers = c.channelMultipliers;
            blocksPerLevel = c.blocksPerLevel;
            blockType = c.blockType;
            groups = c.groups;
            attentionHeads = c.attentionHeads;
            timesteps = c.timesteps;
            classes = c.classes;
            attentionResolutions = c.attentionResolutions;
        }

        public Builder imageSize(int size) {
            imageSize = size;
            return this;
        }

        public Builder inChannels(int channels) {
            inChannels = channels;
            return this;
        }

        /** Channels of the first level. */
        public Builder modelChannels(int channels) {
            modelChannels = channels;
            return this;
        }

        /** Channels of each level as multiples of the model channels; one level per entry. */
        public Builder channelMultipliers(List<Integer> multipliers) {
            channelMultipliers = multipliers;
            return this;
        }

        public Builder blocksPerLevel(int blocks) {
            blocksPerLevel = blocks;
            return this;
        }

        public Builder blockType(BlockType type) {
            blockType = type;
            return this;
        }

        /** GroupNorm groups; they must divide every level's channel count. */
        public Builder groups(int count) {
            groups = count;
            return this;
        }

        /** Heads of every attention (the middle's and the levels'); they must divide the channel counts there. */
        public Builder attentionHeads(int heads) {
            attentionHeads = heads;
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
         * Feature-map sides (e.g. 16) whose level follows each of its down and up blocks with self-attention and a
         * residual, as DDPM's U-Net does at 16x16; the middle has attention whatever this says. Attention costs the
         * square of a level's pixel count, so it belongs at the coarser levels.
         */
        public Builder attentionResolutions(List<Integer> sides) {
            attentionResolutions = sides;
            return this;
        }

        /** The configuration; {@link UNetConfig#validate()} says whether it can build. */
        public UNetConfig build() {
            return new UNetConfig(imageSize, inChannels, modelChannels, channelMultipliers, blocksPerLevel, blockType, groups,
                    attentionHeads, timesteps, classes, attentionResolutions);
        }
    }
}
