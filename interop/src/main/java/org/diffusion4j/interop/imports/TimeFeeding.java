package org.diffusion4j.interop.imports;

/** How a model wants to be told the timestep t (0-based, of T). */
public enum TimeFeeding {
    /** The integer step t itself (int or float input). */
    STEP,
    /** t / (T - 1): 0 for the least noisy step, 1 for pure noise. */
    UNIT_INTERVAL,
    /** The noise variance 1 - alphaBar_t, as in the Keras DDIM example (which feeds noise_rates^2). */
    NOISE_VARIANCE,
    /** alphaBar_t, the signal variance. */
    ALPHA_BAR,
    /**
     * No time input: an extra image channel carries a sinusoidal code of t, H*W long laid out row by row
     * (first half sin(t / 10000^(i/half)), then the matching cos), as in the tw-diffusion serving_default.
     */
    SINUSOIDAL_CHANNEL
}
