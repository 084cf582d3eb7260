package org.diffusion4j.training;

/**
 * The trainer's own listeners that a caller may switch off. The CSV logs and the checkpoints are the run folder itself
 * (resume and the returned history read them), so they always run; TensorBoard is set by {@link TensorBoardOptions}.
 */
public enum BuiltInListener {
    /** Stops training when the loss turns non-finite or exceeds 100, before a diverged step reaches the checkpoint. */
    DIVERGENCE_CHECK,
    /** Redraws loss.png after every epoch. */
    LOSS_PLOT
}
