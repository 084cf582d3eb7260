package org.diffusion4j.models.networks;

import org.diffusion4j.models.graph.ParameterStore;

import java.util.Arrays;
import java.util.List;

/**
 * Everything that fixes a U-Net's graph and parameter shapes. Saved as JSON next to every checkpoint, so
 * a run folder alone is enough to rebuild the model. Code builds one with {@link #builder()}, which names every
 * value; the canonical constructor is left to it and to Jackson.
 *
 * @param classes number of class labels the network is conditioned on (0: unconditional, as in runs saved
 *                before conditioning existed); a conditional network also knows label {@code classes}, "no label"
 */
public record UNetConfig(int imageSize, int inChannels, int modelChannels, List<Integer> channelMultipliers,
                         int blocksPerLevel, BlockType blockType, int groups, int attentionHeads, int timesteps,
                         int classes) implements NetworkConfig {

    public UNetConfig {
        channelMultipliers = List.copyOf(channelMultipliers);
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
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String architecture() {
        return "unet";
    }

    @Override
    public DenoisingNetwork build(ParameterStore params) {
        return new UNet(params, this);
    }

    /**
     * Names each value of a {@link UNetConfig}. It starts from document 000's MNIST model: 28x28 images of 1
     * channel, 16 model channels with multipliers 1, 2, 3, one residual block per level, 8 GroupNorm groups,
     * 4 attention heads, T = 100, unconditional.
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

        /** Heads of the middle attention; they must divide the middle channel count. */
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

        /** The configuration; {@link UNetConfig#validate()} says whether it can build. */
        public UNetConfig build() {
            return new UNetConfig(imageSize, inChannels, modelChannels, channelMultipliers, blocksPerLevel, blockType, groups,
                    attentionHeads, timesteps, classes);
        }
    }
}
