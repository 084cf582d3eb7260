package org.diffusion4j.training;

/** How the predicted noise is compared with the true noise. */
public enum LossType {
    /** Mean squared error, Ho et al.'s simple objective (document 000). */
    MSE,
    /** Mean absolute error, which document 002 found to give better images. */
    L1
}
