package org.diffusion4j.models.networks;

/** The block used at every level of the U-Net (document 000). */
public enum BlockType { CONV_EMBED, RES_BLOCK }
