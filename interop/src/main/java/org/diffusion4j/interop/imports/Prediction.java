package org.diffusion4j.interop.imports;

/** What the model's output means. */
public enum Prediction {
    /** The cumulative noise of the closed form x_t = sqrt(alphaBar) x0 + sqrt(1 - alphaBar) eps. */
    EPS,
    /**
     * The noise of the last step of the chain x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps: only the
     * per-step chain sampler inverts it.
     */
    CHAIN_EPS,
    /** The clean image. */
    X0,
    /** v = sqrt(alphaBar) eps - sqrt(1 - alphaBar) x0 (Salimans and Ho). */
    V
}
