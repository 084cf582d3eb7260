package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static final Path MNIST = TestData.mnist();

    private static TrainValidationSplit digits(int count) {
        return MnistDataset.load(MNIST, Split.TRAIN).subset(count).split(0.1, 7);
    }

    @Test
    void lossFallsOnAFewHundredDigits(@TempDir Path dir) {
        TrainValidationSplit data = digits(400);
        TrainingConfig config = TrainingConfig.builder().epochs(4).batchSize(32).learningRate(2e-3).warmupSteps(10)
                .emaDecay(0.9).seed(3).build();
        List<EpochSummary> history;
        try (TrainingGraph graph = new TrainingGraph(UNetConfig.document000(28), new CosineSchedule(100), LossType.MSE, 0)) {
            history = new Trainer(new RunFolder(dir), config, TrainingListener.SILENT)
                    .train(graph, new DatasetTrainingData(data.train()), new DatasetTrainingData(data.validation()), false, -1);
        }
        assertEquals(4, history.size());
        EpochSummary first = history.get(0);
        EpochSummary last = history.get(3);
        assertTrue(last.trainLoss() < 0.6 * first.trainLoss(), "training loss should fall: " + history);
        assertTrue(last.validationLoss() < first.validationLoss(), "validation loss should fall: " + history);
        assertTrue(Files.isRegularFile(dir.resolve("checkpoint.d4j")));
        assertTrue(Files.isRegularFile(dir.resolve("history.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("loss.png")));
    }

    @Test
    void stopAndResumeGivesTheWeightsOfAnUninterruptedRun(@TempDir Path dir) {
        // A small model keeps this fast; one thread keeps TensorFlow's reductions in a fixed order.
        UNetConfig model = UNetConfig.builder().imageSize(28).modelChannels(8).channelMultipliers(List.of(1, 2)).groups(4)
                .attentionHeads(2).timesteps(20).build();
        TrainValidationSplit data = digits(160);
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(16).learningRate(1e-3).warmupSteps(3).cosineDecay(true)
                .loss(LossType.L1).emaDecay(0.99).seed(11).threads(1).build();
        Path whole = dir.resolve("whole");
        Path split = dir.resolve("split");
        CosineSchedule schedule = new CosineSchedule(20);
        try (TrainingGraph graph = new TrainingGraph(model, schedule, LossType.L1, 1)) {
            new Trainer(new RunFolder(whole), config, TrainingListener.SILENT)
                    .train(graph, new DatasetTrainingData(data.train()), null, false, -1);
        }
        long steps = 2L * (data.train().size() / 16);
        try (TrainingGraph graph = new TrainingGraph(model, schedule, LossType.L1, 1)) {
            new Trainer(new RunFolder(split), config, TrainingListener.SILENT)
                    .train(graph, new DatasetTrainingData(data.train()), null, false, steps / 2 + 1);
        }
        assertEquals(Long.toString(steps / 2 + 1), ParameterFile.read(split.resolve("checkpoint.d4j")).metadata().get("step"));
        try (TrainingGraph graph = new TrainingGraph(model, schedule, LossType.L1, 1)) {
            new Trainer(new RunFolder(split), config, TrainingListener.SILENT)
                    .train(graph, new DatasetTrainingData(data.train()), null, true, -1);
        }
        Map<String, ParameterValue> expected = ParameterFile.read(whole.resolve("checkpoint.d4j")).values();
        Map<String, ParameterValue> actual = ParameterFile.read(split.resolve("checkpoint.d4j")).values();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            float[] e = expected.get(name).values();
            float[] a = actual.get(name).values();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-6 + 1e-5 * Math.abs(e[i]), name + "[" + i + "]");
            }
        }
    }

    /**
     * What a kill can leave beside a good checkpoint: a half-written checkpoint.d4j.tmp, a log row past the
     * checkpoint (the log is written first) and a row torn mid-append. Resuming must ignore all three.
     */
    @Test
    void resumeIgnoresWhatAKillLeftBesideTheCheckpoint(@TempDir Path dir) throws Exception {
        UNetConfig model = UNetConfig.builder().imageSize(28).modelChannels(8).channelMultipliers(List.of(1, 2)).groups(4)
                .attentionHeads(2).timesteps(20).build();
        TrainValidationSplit data = digits(160);
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(16).learningRate(1e-3).warmupSteps(3).cosineDecay(true)
                .loss(LossType.L1).emaDecay(0.99).seed(11).threads(1).build();
        RunFolder run = new RunFolder(dir);
        CosineSchedule schedule = new CosineSchedule(20);
        int stepsPerEpoch = data.train().size() / 16;
        try (TrainingGraph graph = new TrainingGraph(model, schedule, LossType.L1, 1)) {
            new Trainer(run, config, TrainingListener.SILENT).train(graph, new DatasetTrainingData(data.train()),
                    new DatasetTrainingData(data.validation()), false, stepsPerEpoch + 1);
        }
        Files.writeString(run.historyFile(), "2," + 2 * stepsPerEpoch + ",9,9,0,0,0\n3,4", java.nio.file.StandardOpenOption.APPEND);
        Path partial = dir.resolve("checkpoint.d4j.tmp");
        Files.write(partial, new byte[] {1, 2, 3});
        List<EpochSummary> history;
        try (TrainingGraph graph = new TrainingGraph(model, schedule, LossType.L1, 1)) {
            history = new Trainer(run, config, TrainingListener.SILENT).train(graph, new DatasetTrainingData(data.train()),
                    new DatasetTrainingData(data.validation()), true, -1);
        }
        assertEquals(List.of(1, 2), history.stream().map(EpochSummary::epoch).toList());
        assertTrue(history.get(1).trainLoss() < 9, "the row past the checkpoint was replaced: " + history);
        List<String> rows = Files.readAllLines(run.historyFile());
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertEquals(history.get(1).toCsv(), rows.get(2));
        assertTrue(!Files.exists(partial), "the next checkpoint write replaces the partial file");
        assertEquals(Long.toString(2L * stepsPerEpoch), ParameterFile.read(run.checkpointFile()).metadata().get("step"));
    }

    @Test
    void learningRateWarmsUpAndDecays() {
        TrainingConfig config = TrainingConfig.builder().epochs(1).batchSize(1).learningRate(1e-3).warmupSteps(10).cosineDecay(true)
                .emaDecay(0.999).build();
        assertEquals(1e-4, config.learningRateAt(0, 100), 1e-4 * 0.06);
        assertEquals(0.5e-3, config.learningRateAt(50, 100), 1e-9);
        assertTrue(config.learningRateAt(99, 100) < 1e-5);
        assertEquals(0.1, config.emaDecayAt(0), 1e-12);
        assertEquals(0.999, config.emaDecayAt(1_000_000), 1e-12);
    }

    @Test
    void aWarmUpLongerThanAQuarterOfTheRunIsCutToAQuarter() {
        TrainingConfig config = TrainingConfig.builder().epochs(1).learningRate(2e-3).warmupSteps(2000).build();
        assertEquals(2e-3 / 21, config.learningRateAt(0, 84), 1e-12);
        assertEquals(2e-3, config.learningRateAt(20, 84), 1e-12);
        assertEquals(2e-3 / 2000, config.learningRateAt(0, 25_305), 1e-12);
        assertEquals(2e-3 * 1000 / 2000, config.learningRateAt(999, 25_305), 1e-12);
    }
}
