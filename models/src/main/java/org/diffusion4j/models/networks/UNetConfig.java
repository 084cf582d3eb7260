package org.diffusion4j.models.networks;

import org.diffusion4j.models.graph.ParameterStore;

import java.util.Arrays;
import java.util.List;

/**
 * Everything that fixes a U-Net's graph and parameter shapes. Saved as JSON next to every checkpoint, so
 * a run folder alone is enough to rebuild the model.
 *
 * @param classes number of class labels the network is conditioned on (0: unconditional, as in runs saved
 *                before conditioning existed); a conditional network also knows label {@code classes}, "no label"
 */
public record UNetConfig(int imageSize, int inChannels, int modelChannels, List<Integer> channelMultipliers,
                         int blocksPerLevel, BlockType blockType, int groups, int attentionHeads, int timesteps,
                         int classes) implements NetworkConfig {

    /** An unconditional U-Net. */
    public UNetConfig(int imageSize, int inChannels, int modelChannels, List<Integer> channelMultipliers,
                      int blocksPerLevel, BlockType blockType, int groups, int attentionHeads, int timesteps) {
        this(imageSize, inChannels, modelChannels, channelMultipliers, blocksPerLevel, blockType, groups, attentionHeads,
                timesteps, 0);
    }

    /** Document 000's MNIST model: 403,409 parameters. */
    public static UNetConfig document000(int imageSize) {
        return new UNetConfig(imageSize, 1, 16, List.of(1, 2, 3), 1, BlockType.RES_BLOCK, 8, 4, 100);
    }

    public UNetConfig {
        channelMultipliers = List.copyOf(channelMultipliers);
    }

    /** The same network conditioned on {@code count} class labels (0: unconditional). */
    public UNetConfig withClasses(int count) {
        return new UNetConfig(imageSize, inChannels, modelChannels, channelMultipliers, blocksPerLevel, blockType, groups,
                attentionHeads, timesteps, count);
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
}
