package org.diffusion4j.training;

import java.util.Map;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.runs.RunFolder;

/**
 * Writes the full training state (weights, EMA weights, Adam moments, the step) to checkpoint.d4j at every
 * epoch's end, every {@code checkpointEverySteps} steps and at the session's stop step. ParameterFile replaces
 * the file atomically, so a kill at any moment leaves a whole checkpoint to resume from.
 */
final class Checkpointer implements TrainingListener {

    /**
     * Test only: milliseconds each write waits between its temporary file being whole on disk and the rename over
     * checkpoint.d4j, so that a test can kill the process inside a write for certain rather than by luck
     * (KillResumeTest). Unset, as everywhere but in that test's child processes, it costs nothing.
     */
    private static final String TEST_PAUSE_PROPERTY = "diffusion4j.test.checkpointPauseMillis";
    private static final long TEST_PAUSE_MILLIS = Long.getLong(TEST_PAUSE_PROPERTY, 0);

    private final RunFolder run;
    private final TrainingGraph graph;
    private final TrainingConfig config;
    private final TrainingSpan span;
    private final TrainingListener observer;

    /** {@code observer} hears of each checkpoint written. */
    Checkpointer(RunFolder run, TrainingGraph graph, TrainingConfig config, TrainingSpan span, TrainingListener observer) {
        this.run = run;
        this.graph = graph;
        this.config = config;
        this.span = span;
        this.observer = observer;
    }

    /** Inside an epoch: on the interval and at the stop step (an epoch's end checkpoints in {@link #onEpoch}). */
    @Override
    public void onStep(StepResult step) {
        long done = step.step();
        if (span.endsEpoch(done)) {
            return;
        }
        int every = config.checkpointEverySteps();
        if ((every > 0 && done % every == 0) || done == span.stopStep()) {
            write(done, step.elapsedSeconds());
        }
    }

    @Override
    public void onEpoch(EpochSummary summary) {
        write(summary.step(), summary.elapsedSeconds());
    }

    private void write(long step, double elapsedSeconds) {
        ParameterFile.write(run.checkpointFile(), Map.of("step", Long.toString(step), "seed", Long.toString(config.seed()),
                "elapsed_seconds", Double.toString(elapsedSeconds)), graph.state(), Checkpointer::testPause);
        observer.onCheckpoint(run.checkpointFile(), step);
    }

    private static void testPause() {
        if (TEST_PAUSE_MILLIS <= 0) {
            return;
        }
        try {
            Thread.sleep(TEST_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            // Cut short: the rename still happens, and the caller sees the interrupt.
            Thread.currentThread().interrupt();
        }
    }
}
