package org.diffusion4j.training;

/**
 * The listeners of one training session, each event handed on in the order that the run folder and the user's
 * listener rely on. Steps reach the user's listener before anything is written for them; epochs reach it last,
 * once every file shows the epoch.
 */
final class SessionListeners implements TrainingListener {

    private DivergenceCheck divergence = new DivergenceCheck();
    private final TrainingListener user;
    /** Null when switched off. */
    private final CsvLogs logs;
    private final LossPlot lossPlot;
    private final Checkpointer checkpoints;
    private final TrainingSummaries tensorBoard;

    SessionListeners(TrainingListener user, CsvLogs logs, LossPlot lossPlot, Checkpointer checkpoints,
                     TrainingSummaries tensorBoard) {
        this.user = user;
        this.logs = logs;
        this.lossPlot = lossPlot;
        this.checkpoints = checkpoints;
        this.tensorBoard = tensorBoard;
    }

    /** The same listeners with ({@code true}) or without the divergence check. */
    SessionListeners withDivergenceCheck(boolean check) {
        divergence = check ? divergence : null;
        return this;
    }

    @Override
    public void onStep(StepResult step) {
        if (divergence != null) {
            divergence.onStep(step);
        }
        user.onStep(step);
        logs.onStep(step);
        tensorBoard.onStep(step);
        checkpoints.onStep(step);
    }

    @Override
    public void onEpoch(EpochSummary summary) {
        // The log goes first: a kill between the two leaves a row past the checkpoint, which a resume drops
        // and writes again; the other order would lose the epoch's row for good.
        logs.onEpoch(summary);
        if (lossPlot != null) {
            lossPlot.onEpoch(summary);
        }
        checkpoints.onEpoch(summary);
        // The grid is drawn from the checkpoint's EMA weights, so it comes after the checkpoint.
        tensorBoard.onEpoch(summary);
        user.onEpoch(summary);
    }
}
