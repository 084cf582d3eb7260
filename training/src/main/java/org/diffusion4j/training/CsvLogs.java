package org.diffusion4j.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.diffusion4j.models.runs.RunFolder;

/** The run folder's CSV logs: steps.csv, the mean loss of every window of steps, and history.csv, one row per epoch. */
final class CsvLogs implements TrainingListener {

    private static final String STEPS_HEADER = "step,train_loss";

    private final RunFolder run;
    private final List<EpochSummary> history;
    private final StepWindow window = new StepWindow();

    private CsvLogs(RunFolder run, List<EpochSummary> history) {
        this.run = run;
        this.history = history;
    }

    /** The logs of a run starting afresh: whatever an earlier run left in the folder is deleted. */
    static CsvLogs fresh(RunFolder run) {
        try {
            Files.deleteIfExists(run.historyFile());
            Files.deleteIfExists(run.stepsFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CsvLogs(run, new ArrayList<>());
    }

    /**
     * The logs of a run resuming from the checkpoint at {@code checkpointStep}, after cutting both back to it: rows
     * written after the checkpoint are replayed by the resumed run, and a row torn by a kill mid-append is dropped
     * rather than breaking every later read.
     */
    static CsvLogs resumed(RunFolder run, long checkpointStep) {
        CsvRows.trimToStep(run.stepsFile(), STEPS_HEADER, checkpointStep, CsvLogs::stepOfStepsRow);
        List<String> kept = CsvRows.trimToStep(run.historyFile(), EpochSummary.CSV_HEADER, checkpointStep,
                line -> EpochSummary.fromCsv(line).step());
        return new CsvLogs(run, new ArrayList<>(kept.stream().map(EpochSummary::fromCsv).toList()));
    }

    /**
     * The step of a steps.csv row. Both fields must be there: a row torn inside its step ("15" of "150,0.31")
     * would otherwise read as an earlier step, survive the trim and break the loss plot.
     */
    static long stepOfStepsRow(String line) {
        String[] fields = line.split(",");
        if (fields.length != 2) {
            throw new IllegalArgumentException("not a steps.csv row: " + line);
        }
        Double.parseDouble(fields[1]);
        return Long.parseLong(fields[0]);
    }

    /** The epochs finished so far, earlier sessions' included. */
    List<EpochSummary> history() {
        return Collections.unmodifiableList(history);
    }

    @Override
    public void onStep(StepResult step) {
        if (window.add(step)) {
            CsvRows.append(run.stepsFile(), STEPS_HEADER, String.format(Locale.ROOT, "%d,%.6f", step.step(), window.meanLoss()));
            window.clear();
        }
    }

    @Override
    public void onEpoch(EpochSummary summary) {
        history.add(summary);
        CsvRows.append(run.historyFile(), EpochSummary.CSV_HEADER, summary.toCsv());
    }

}
