package org.diffusion4j.graph.models;

/** The block used at every level of the U-Net (document 000). */
public enum BlockType { CONV_EMBED, RES_BLOCK }
