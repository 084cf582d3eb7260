package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.core.images.ImageGrid;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

/** Trains a tiny run in two sessions and reads its TensorBoard files back as TensorBoard would. */
class TrainerTensorBoardTest {

    private static final Path MNIST = TestData.mnist();
    private static final UNetConfig MODEL = UNetConfig.builder().imageSize(28).modelChannels(8)
            .channelMultipliers(List.of(1, 2)).groups(4).attentionHeads(2).timesteps(20).build();

    @Test
    void aStoppedAndResumedRunLogsScalarsPerWindowAndLossesAndGridsPerEpoch(@TempDir Path dir) throws IOException {
        // 360 training digits in batches of 9: 40 steps per epoch, 160 in all. The first session stops at the end of
        // epoch 2, so the checkpoint's step carries epoch summaries, and each session logs one 50-step window.
        TrainValidationSplit data = MnistDataset.load(MNIST, Split.TRAIN).subset(400).split(0.1, 7);
        TrainingConfig config = TrainingConfig.builder().epochs(4).batchSize(9).learningRate(2e-3).warmupSteps(5).cosineDecay(true)
                .emaDecay(0.9).seed(5).threads(1).build();
        RunFolder run = new RunFolder(dir.resolve("run"));
        run.writeJson(run.modelSpecFile(), new ModelSpec(MODEL, "cosine"));
        TensorBoardOptions options = new TensorBoardOptions(true, 16, 5);
        List<EpochSummary> history;
        try (TrainingGraph graph = new TrainingGraph(MODEL, new CosineSchedule(20), LossType.MSE, 1)) {
            new Trainer(run, config, TrainingListener.SILENT, options)
                    .train(graph, new DatasetTrainingData(data.train()), new DatasetTrainingData(data.validation()), false, 80);
        }
        try (TrainingGraph graph = new TrainingGraph(MODEL, new CosineSchedule(20), LossType.MSE, 1)) {
            history = new Trainer(run, config, TrainingListener.SILENT, options)
                    .train(graph, new DatasetTrainingData(data.train()), new DatasetTrainingData(data.validation()), true, -1);
        }
        assertEquals(4, history.size());

        // One file per session; TensorBoard merges them.
        assertEquals(2, EventFiles.in(run.tensorBoardDir()).size());
        List<Event> events = EventFiles.readAll(run.tensorBoardDir());
        List<Long> starts = events.stream().filter(Event::hasSessionLog)
                .filter(e -> e.getSessionLog().getStatus() == SessionLog.SessionStatus.START).map(Event::getStep).toList();
        assertEquals(List.of(1L, 81L), starts, "each session marks the first step it writes");

        // Step scalars at the steps of steps.csv: the resumed session's window starts at its checkpoint.
        Map<Long, Float> loss = scalars(events, TrainingSummaries.LOSS);
        Map<Long, Float> csv = stepsCsv(run);
        assertEquals(List.of(50L, 130L), new ArrayList<>(loss.keySet()));
        assertEquals(csv.keySet(), loss.keySet());
        // steps.csv keeps 6 decimals.
        loss.forEach((step, value) -> assertEquals(csv.get(step), value, 1e-6, "loss at " + step));
        Map<Long, Float> rates = scalars(events, TrainingSummaries.LEARNING_RATE);
        assertEquals(loss.keySet(), rates.keySet());
        for (Map.Entry<Long, Float> rate : rates.entrySet()) {
            // The rate of the window's last step, as Adam used it.
            assertEquals(config.learningRateAt(rate.getKey() - 1, 160), rate.getValue(), 1e-9);
        }
        Map<Long, Float> throughput = scalars(events, TrainingSummaries.IMAGES_PER_SECOND);
        assertEquals(loss.keySet(), throughput.keySet());
        throughput.values().forEach(v -> assertTrue(v > 0 && Float.isFinite(v), "images/s " + v));

        // Per epoch, at the epoch's last step: train and validation loss as in history.csv, and a sample grid.
        Map<Long, Float> validation = scalars(events, TrainingSummaries.VALIDATION_LOSS);
        Map<Long, Float> epochLoss = scalars(events, TrainingSummaries.EPOCH_TRAIN_LOSS);
        assertEquals(List.of(40L, 80L, 120L, 160L), new ArrayList<>(validation.keySet()));
        assertEquals(validation.keySet(), epochLoss.keySet());
        for (EpochSummary epoch : history) {
            assertEquals(epoch.validationLoss(), validation.get(epoch.step()), 1e-6);
            assertEquals(epoch.trainLoss(), epochLoss.get(epoch.step()), 1e-6);
        }
        int side = 4 * 28 * 2 + 3 * ImageGrid.SEPARATOR;
        List<Long> gridSteps = new ArrayList<>();
        for (Event event : events) {
            for (Summary.Value value : event.getSummary().getValueList()) {
                if (value.getTag().equals(TrainingSummaries.SAMPLES + "/image")) {
                    gridSteps.add(event.getStep());
                    BufferedImage png = ImageIO.read(new ByteArrayInputStream(value.getImage().getEncodedImageString().toByteArray()));
                    assertNotNull(png, "the grid is a PNG");
                    assertEquals(side, png.getWidth());
                    assertEquals(side, png.getHeight());
                    assertEquals(side, value.getImage().getWidth());
                    assertEquals(1, value.getImage().getColorspace(), "greyscale");
                }
            }
        }
        assertEquals(List.of(40L, 80L, 120L, 160L), gridSteps);

        // TensorBoard's restart rule keeps every point here: nothing was logged past the checkpoint.
        assertEquals(events.size(), afterRestartPurges(events).size());
    }

    @Test
    void offWritesNoEventsAndAFreshStartRemovesOldOnes(@TempDir Path dir) throws IOException {
        TrainValidationSplit data = MnistDataset.load(MNIST, Split.TRAIN).subset(40).split(0.1, 7);
        TrainingConfig config = TrainingConfig.builder().epochs(1).batchSize(12).learningRate(1e-3).emaDecay(0).seed(5).threads(1)
                .build();
        RunFolder run = new RunFolder(dir);
        Path stale = run.tensorBoardDir().resolve("events.out.tfevents.1.old");
        Path notes = run.tensorBoardDir().resolve("notes.txt");
        Files.createDirectories(run.tensorBoardDir());
        Files.writeString(stale, "from an earlier run");
        Files.writeString(notes, "kept");
        try (TrainingGraph graph = new TrainingGraph(MODEL, new CosineSchedule(20), LossType.MSE, 1)) {
            new Trainer(run, config, TrainingListener.SILENT, TensorBoardOptions.OFF)
                    .train(graph, new DatasetTrainingData(data.train()), null, false, -1);
        }
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(notes));
        assertTrue(EventFiles.in(run.tensorBoardDir()).isEmpty());
    }

    /**
     * What TensorBoard keeps: at a SessionLog START with step s, it drops the points read so far whose step is s or
     * more (what a killed session logged after its checkpoint).
     */
    private static List<Event> afterRestartPurges(List<Event> events) {
        List<Event> kept = new ArrayList<>();
        for (Event event : events) {
            if (event.getSessionLog().getStatus() == SessionLog.SessionStatus.START) {
                kept.removeIf(e -> e.hasSummary() && e.getStep() >= event.getStep());
            }
            kept.add(event);
        }
        return kept;
    }

    /** The simple_value points of one tag by step; fails on a repeated step or a non-finite value. */
    private static Map<Long, Float> scalars(List<Event> events, String tag) {
        Map<Long, Float> points = new TreeMap<>();
        for (Event event : events) {
            for (Summary.Value value : event.getSummary().getValueList()) {
                if (value.getTag().equals(tag)) {
                    assertEquals(Summary.Value.ValueCase.SIMPLE_VALUE, value.getValueCase(), tag);
                    assertTrue(Float.isFinite(value.getSimpleValue()), tag + " at " + event.getStep());
                    assertEquals(null, points.put(event.getStep(), value.getSimpleValue()), tag + " twice at " + event.getStep());
                }
            }
        }
        return points;
    }

    private static Map<Long, Float> stepsCsv(RunFolder run) throws IOException {
        Map<Long, Float> points = new TreeMap<>();
        for (String line : Files.readAllLines(run.stepsFile())) {
            if (!line.startsWith("step")) {
                String[] fields = line.split(",");
                points.put(Long.parseLong(fields[0]), Float.parseFloat(fields[1]));
            }
        }
        return points;
    }
}
