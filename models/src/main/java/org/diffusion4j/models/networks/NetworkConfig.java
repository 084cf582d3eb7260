package org.diffusion4j.models.networks;

import org.diffusion4j.models.graph.ParameterStore;

/**
 * What fixes a denoising network's graph and parameter shapes: the U-Net's, the ViT's, the DiT's or a user's
 * configuration. Trainer, denoisers and exporters build whichever it is through {@link #build}; an implementation
 * becomes known to model.json, {@code train --model} and the benchmark through {@link NetworkTypes#register}.
 */
public interface NetworkConfig {

    /**
     * The name its {@link NetworkType} was registered under ("unet", "vit", "dit", ...): what `train --model` takes
     * and run folders record. Taken from the registration so that the name is written in one place.
     */
    default String architecture() {
        return NetworkTypes.of(this).architecture();
    }

    int imageSize();

    int inChannels();

    /** The diffusion's T: the network embeds timesteps 0..T-1. */
    int timesteps();

    /** Class labels the network is conditioned on; 0: unconditional. Label {@code classes()} means "no label". */
    int classes();

    default boolean conditional() {
        return classes() > 0;
    }

    /**
     * The units of the data the network trains and samples in, relative to [-1, 1] pixels: training images are
     * multiplied by this and samples divided by it. Below 1 the same noise chain has a lower signal-to-noise ratio at
     * every step (document 004's notebook trains on x / 256 - 0.5, a scale of 0.5). 1 for every network but a ViT
     * built so.
     */
    default double pixelScale() {
        return 1;
    }

    /** Fails with a one-line message naming the fix when the configuration cannot build. */
    void validate();

    /**
     * The same network for images of {@code channels} channels, e.g. an RGB folder's 3 where the presets are built
     * for grey digits.
     *
     * @param channels image channels
     * @return the changed configuration, validated
     * @throws IllegalArgumentException in one line when the network cannot take that many channels
     */
    NetworkConfig withInChannels(int channels);

    /** Creates the network's variables in {@code params}; its forward pass is added by {@link DenoisingNetwork#apply}. */
    DenoisingNetwork build(ParameterStore params);
}
