package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a listener sees, and what the run folder holds when it sees it. */
class TrainerEventOrderTest {

    private static final UNetConfig MODEL = UNetConfig.builder().imageSize(28).modelChannels(8)
            .channelMultipliers(List.of(1, 2)).groups(4).attentionHeads(2).timesteps(20).build();

    @Test
    void aStepIsHeardBeforeItsCheckpointAndAnEpochOnceEveryFileHasIt(@TempDir Path dir) {
        // 144 training digits in batches of 16: 9 steps per epoch; checkpoints every 4 steps and at the stop step 13.
        TrainValidationSplit data = MnistDataset.load(TestData.mnist(), Split.TRAIN).subset(160).split(0.1, 7);
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(16).learningRate(1e-3).seed(11)
                .checkpointEverySteps(4).threads(1).build();
        RunFolder run = new RunFolder(dir);
        List<String> heard = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onStep(long step, long totalSteps, float loss, double imagesPerSecond) {
                heard.add("step " + step);
            }

            @Override
            public void onCheckpoint(Path file, long step) {
                assertEquals(Long.toString(step), ParameterFile.read(file).metadata().get("step"));
                heard.add("checkpoint " + step);
            }

            @Override
            public void onEpoch(EpochSummary summary) {
                assertEquals(summary.toCsv(), lastLine(run.historyFile()));
                assertTrue(Files.isRegularFile(run.lossPlotFile()));
                assertEquals(Long.toString(summary.step()), ParameterFile.read(run.checkpointFile()).metadata().get("step"));
                heard.add("epoch " + summary.epoch());
            }
        };
        try (TrainingGraph graph = new TrainingGraph(MODEL, new CosineSchedule(20), LossType.MSE, 1)) {
            new Trainer(run, config, recorder).train(graph, new DatasetTrainingData(data.train()),
                    new DatasetTrainingData(data.validation()), false, 13);
        }
        List<String> expected = new ArrayList<>();
        for (int step = 1; step <= 13; step++) {
            expected.add("step " + step);
            if (step % 9 == 0) {
                expected.add("checkpoint " + step);
                expected.add("epoch " + step / 9);
            } else if (step % 4 == 0 || step == 13) {
                expected.add("checkpoint " + step);
            }
        }
        assertEquals(expected, heard);
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.get(lines.size() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
