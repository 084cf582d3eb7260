package org.diffusion4j.training;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;

/**
 * Trains a graph to the configured number of epochs in a run folder, starting afresh or resuming from its
 * checkpoint. A loop does the steps and validates after every epoch; the run folder's files come from listeners:
 * the CSV logs, the loss plot, checkpoints and TensorBoard summaries.
 */
public final class Trainer {

    private final RunFolder run;
    private final TrainingConfig config;
    private final TrainingListener listener;
    private final TensorBoardOptions tensorBoard;
    private final Set<BuiltInListener> switchedOff;
    /** The model the TensorBoard grid samples; null: read from the run folder's model.json. */
    private final ModelSpec spec;

    /** Writes TensorBoard scalars but no sample grids (those need the run folder's model.json). */
    public Trainer(RunFolder run, TrainingConfig config, TrainingListener listener) {
        this(run, config, listener, TensorBoardOptions.SCALARS);
    }

    public Trainer(RunFolder run, TrainingConfig config, TrainingListener listener, TensorBoardOptions tensorBoard) {
        this(run, null, config, List.of(listener), tensorBoard, EnumSet.noneOf(BuiltInListener.class));
    }

    /**
     * {@code spec}: the model being trained, whose TensorBoard grid is sampled (null: read from the run folder's model.json).
     * {@code listeners} see every event in their order, after the divergence check and before anything is written for a step;
     * the built-in listeners in {@code switchedOff} do not run.
     */
    public Trainer(RunFolder run, ModelSpec spec, TrainingConfig config, List<TrainingListener> listeners, TensorBoardOptions tensorBoard,
                   Set<BuiltInListener> switchedOff) {
        this.run = run;
        this.spec = spec;
        this.config = config;
        this.listener = TrainingListener.all(listeners);
        this.tensorBoard = tensorBoard;
        this.switchedOff = switchedOff.isEmpty() ? EnumSet.noneOf(BuiltInListener.class) : EnumSet.copyOf(switchedOff);
    }

    /**
     * Trains to the configured number of epochs. With {@code resume} and a checkpoint in the run folder,
     * continues from it; otherwise starts from fresh weights.
     *
     * @param stopAfterStep stop (after checkpointing) once this many steps are done; -1 to run to the end.
     *                      Lets tests and users split a run without killing it.
     * @return the history of all epochs finished so far
     */
    public List<EpochSummary> train(TrainingGraph graph, TrainingData trainData, TrainingData validationData,
                                    boolean resume, long stopAfterStep) {
        int stepsPerEpoch = trainData.size() / config.batchSize();
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("the training set has " + trainData.size() + " images, fewer than one batch of "
                    + config.batchSize() + "; use a smaller --batch-size");
        }
        long totalSteps = (long) stepsPerEpoch * config.epochs();
        long step = 0;
        double elapsedBefore = 0;
        CsvLogs logs;
        if (resume && run.hasCheckpoint()) {
            ParameterFile.Contents checkpoint = ParameterFile.read(run.checkpointFile());
            graph.restore(checkpoint.values());
            step = Long.parseLong(checkpoint.metadata().get("step"));
            elapsedBefore = Double.parseDouble(checkpoint.metadata().getOrDefault("elapsed_seconds", "0"));
            logs = CsvLogs.resumed(run, step);
        } else {
            graph.initialize(config.seed(), config.initialization());
            logs = CsvLogs.fresh(run);
            TrainingSummaries.deleteEventFiles(run);
        }
        listener.onStart(step, totalSteps, stepsPerEpoch, graph.parameterCount());
        long stopStep = stopAfterStep < 0 ? totalSteps : Math.min(totalSteps, stopAfterStep);
        TrainingSpan span = new TrainingSpan(step, stopStep, totalSteps, stepsPerEpoch, elapsedBefore);
        try (TrainingSummaries summaries = new TrainingSummaries(run, spec, tensorBoard, config, step)) {
            TrainingListener listeners = new SessionListeners(listener, logs,
                    switchedOff.contains(BuiltInListener.LOSS_PLOT) ? null : new LossPlot(run, logs),
                    new Checkpointer(run, graph, config, span, listener), summaries)
                    .withDivergenceCheck(!switchedOff.contains(BuiltInListener.DIVERGENCE_CHECK));
            new TrainingLoop(graph, trainData, config, span).run(new ValidationLoss(graph, validationData, config), listeners);
        }
        return new ArrayList<>(logs.history());
    }
}
