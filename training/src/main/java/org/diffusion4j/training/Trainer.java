package org.diffusion4j.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.diffusion4j.datasets.Permutations;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.runs.RunFolder;

/**
 * Runs epochs of training steps over a data set, validates after each epoch, and checkpoints the full
 * state atomically. Batches come from a per-epoch permutation seeded by (seed, epoch) and each step's
 * noise from (seed, step), so resuming from a checkpoint replays exactly what an uninterrupted run does.
 */
public final class Trainer {

    private static final int STEPS_LOG_INTERVAL = 50;

    private final RunFolder run;
    private final TrainingConfig config;
    private final TrainingListener listener;
    private final TensorBoardOptions tensorBoard;

    /** Writes TensorBoard scalars but no sample grids (those need the run folder's model.json). */
    public Trainer(RunFolder run, TrainingConfig config, TrainingListener listener) {
        this(run, config, listener, TensorBoardOptions.SCALARS);
    }

    public Trainer(RunFolder run, TrainingConfig config, TrainingListener listener, TensorBoardOptions tensorBoard) {
        this.run = run;
        this.config = config;
        this.listener = listener;
        this.tensorBoard = tensorBoard;
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
        List<EpochSummary> history = new ArrayList<>();
        if (resume && run.hasCheckpoint()) {
            ParameterFile.Contents checkpoint = ParameterFile.read(run.checkpointFile());
            graph.restore(checkpoint.values());
            step = Long.parseLong(checkpoint.metadata().get("step"));
            elapsedBefore = Double.parseDouble(checkpoint.metadata().getOrDefault("elapsed_seconds", "0"));
            history = readHistory(step);
        } else {
            graph.initialize(config.seed(), config.initialization());
            resetLogs();
        }
        listener.onStart(step, totalSteps, stepsPerEpoch, graph.parameterCount());
        try (TrainingSummaries summaries = new TrainingSummaries(run, tensorBoard, step, config.seed(), config.threads())) {
            return runSteps(graph, trainData, validationData, stopAfterStep, step, totalSteps, stepsPerEpoch, elapsedBefore,
                    history, summaries);
        }
    }

    /** The loop from {@code step} on; split from {@link #train} so the summary writer's scope holds all of it. */
    private List<EpochSummary> runSteps(TrainingGraph graph, TrainingData trainData, TrainingData validationData, long stopAfterStep,
                                        long step, long totalSteps, int stepsPerEpoch, double elapsedBefore,
                                        List<EpochSummary> history, TrainingSummaries summaries) {
        int batchSize = config.batchSize();
        float[] batch = new float[batchSize * trainData.height() * trainData.width() * trainData.channels()];
        int[] batchLabels = graph.conditional() ? new int[batchSize] : null;
        int[] order = null;
        int orderEpoch = -1;
        double epochLossSum = 0;
        int epochLossCount = 0;
        double windowLossSum = 0;
        int windowCount = 0;
        // Time inside the steps only, so the logged throughput leaves out validation, checkpoints and grids.
        long windowStepNanos = 0;
        long startNanos = System.nanoTime();
        long stepsThisSession = 0;
        long stopAt = stopAfterStep < 0 ? totalSteps : Math.min(totalSteps, stopAfterStep);
        while (step < stopAt) {
            int epoch = (int) (step / stepsPerEpoch);
            int batchIndex = (int) (step % stepsPerEpoch);
            if (orderEpoch != epoch) {
                order = permutation(trainData.size(), config.seed(), epoch);
                orderEpoch = epoch;
                if (batchIndex != 0) {
                    // Resumed inside an epoch: the running epoch mean restarts, which only affects the log.
                    epochLossSum = 0;
                    epochLossCount = 0;
                }
            }
            long stepStart = System.nanoTime();
            trainData.copyImages(order, batchIndex * batchSize, batchSize, batch);
            if (batchLabels != null) {
                trainData.copyLabels(order, batchIndex * batchSize, batchSize, batchLabels);
            }
            double rate = config.learningRateAt(step, totalSteps);
            float loss = graph.step(batch, batchLabels, batchSize, config.seed(), step, rate, config.emaDecayAt(step));
            windowStepNanos += System.nanoTime() - stepStart;
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException("training diverged at step " + step + " (loss " + loss
                        + "); lower --learning-rate or resume from the last checkpoint with a smaller one");
            }
            step++;
            stepsThisSession++;
            epochLossSum += loss;
            epochLossCount++;
            windowLossSum += loss;
            windowCount++;
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double imagesPerSecond = stepsThisSession * batchSize / Math.max(seconds, 1e-9);
            listener.onStep(step, totalSteps, loss, imagesPerSecond);
            if (windowCount == STEPS_LOG_INTERVAL) {
                appendLine(run.stepsFile(), "step,train_loss", String.format(java.util.Locale.ROOT, "%d,%.6f", step, windowLossSum / windowCount));
                summaries.steps(step, windowLossSum / windowCount, rate, (double) windowCount * batchSize / Math.max(windowStepNanos / 1e9, 1e-9));
                windowLossSum = 0;
                windowCount = 0;
                windowStepNanos = 0;
            }
            boolean epochEnd = step % stepsPerEpoch == 0;
            if (epochEnd) {
                double validationLoss = validationLoss(graph, validationData);
                EpochSummary summary = new EpochSummary(epoch + 1, step, epochLossSum / epochLossCount, validationLoss, rate,
                        imagesPerSecond, elapsedBefore + seconds);
                // The log goes first: a kill between the two leaves a row past the checkpoint, which a resume drops
                // and writes again; the other order would lose the epoch's row for good.
                history.add(summary);
                appendLine(run.historyFile(), EpochSummary.CSV_HEADER, summary.toCsv());
                LossPlot.write(run.stepsFile(), history, run.lossPlotFile());
                checkpoint(graph, step, elapsedBefore + seconds);
                // The grid is drawn from the checkpoint's EMA weights, so it comes after the checkpoint.
                summaries.epoch(summary);
                listener.onEpoch(summary);
                epochLossSum = 0;
                epochLossCount = 0;
            } else if ((config.checkpointEverySteps() > 0 && step % config.checkpointEverySteps() == 0) || step == stopAt) {
                checkpoint(graph, step, elapsedBefore + seconds);
            }
        }
        return history;
    }

    /** Mean loss over the validation set with fixed seeds, so epochs are comparable. */
    private double validationLoss(TrainingGraph graph, TrainingData data) {
        if (data == null || data.size() == 0) {
            return Double.NaN;
        }
        int batchSize = Math.min(config.batchSize(), data.size());
        int batches = data.size() / batchSize;
        int[] identity = new int[data.size()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        float[] batch = new float[batchSize * data.height() * data.width() * data.channels()];
        int[] batchLabels = graph.conditional() ? new int[batchSize] : null;
        double sum = 0;
        for (int b = 0; b < batches; b++) {
            data.copyImages(identity, b * batchSize, batchSize, batch);
            if (batchLabels != null) {
                data.copyLabels(identity, b * batchSize, batchSize, batchLabels);
            }
            sum += graph.evaluate(batch, batchLabels, batchSize, config.seed() ^ 0x5DEECE66DL, b);
        }
        return sum / batches;
    }

    private void checkpoint(TrainingGraph graph, long step, double elapsedSeconds) {
        Map<String, ParameterValue> state = graph.state();
        ParameterFile.write(run.checkpointFile(), Map.of("step", Long.toString(step), "seed", Long.toString(config.seed()),
                "elapsed_seconds", Double.toString(elapsedSeconds)), state);
        listener.onCheckpoint(run.checkpointFile(), step);
    }

    static int[] permutation(int size, long seed, int epoch) {
        return Permutations.shuffled(size, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
    }

    /**
     * The epochs up to the checkpoint, after cutting both logs back to it: rows written after the checkpoint
     * are replayed by the resumed run, and a row torn by a kill mid-append is dropped rather than breaking
     * every later read.
     */
    private List<EpochSummary> readHistory(long upToStep) {
        trimLog(run.stepsFile(), "step,train_loss", upToStep, line -> Long.parseLong(line.split(",")[0]));
        List<String> kept = trimLog(run.historyFile(), EpochSummary.CSV_HEADER, upToStep, line -> EpochSummary.fromCsv(line).step());
        return new ArrayList<>(kept.stream().map(EpochSummary::fromCsv).toList());
    }

    /** Keeps the well-formed rows of a CSV log whose step is at most {@code upToStep}; replaces the file atomically. */
    private static List<String> trimLog(Path file, String header, long upToStep, java.util.function.ToLongFunction<String> stepOf) {
        List<String> kept = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return kept;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.equals(header)) {
                    continue;
                }
                long step;
                try {
                    step = stepOf.applyAsLong(line);
                } catch (RuntimeException torn) {
                    continue;
                }
                if (step <= upToStep) {
                    kept.add(line);
                }
            }
            List<String> lines = new ArrayList<>(kept);
            lines.add(0, header);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, lines);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not rewrite " + file + ": " + e.getMessage(), e);
        }
        return kept;
    }

    private void resetLogs() {
        try {
            Files.deleteIfExists(run.historyFile());
            Files.deleteIfExists(run.stepsFile());
            // Only TensorBoard's own files: anything else a user put in the folder stays.
            if (Files.isDirectory(run.tensorBoardDir())) {
                try (Stream<Path> files = Files.list(run.tensorBoardDir())) {
                    for (Path file : files.filter(f -> f.getFileName().toString().contains(".tfevents.")).toList()) {
                        Files.delete(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void appendLine(Path file, String header, String line) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, header + System.lineSeparator());
            }
            Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
