package org.diffusion4j.interop.imports;

/** How the project's 28x28 images map onto a model trained at another size (e.g. 32x32). */
public enum SizeFit {
    /** Zero-pad (black border) to the model size; crop back. */
    PAD,
    /** Bilinear resize both ways, as the tw-diffusion model's training data was made. */
    RESIZE
}
