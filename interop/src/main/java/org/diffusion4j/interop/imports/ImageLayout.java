package org.diffusion4j.interop.imports;

/** Axis order of the model's image input and output. */
public enum ImageLayout { NHWC, NCHW }
