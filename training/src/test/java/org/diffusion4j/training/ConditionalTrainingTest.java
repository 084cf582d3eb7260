package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConditionalTrainingTest {

    private static final UNetConfig MODEL = UNetConfig.builder().imageSize(28).modelChannels(8)
            .channelMultipliers(List.of(1, 2)).groups(4).attentionHeads(2).timesteps(20).classes(10).build();
    private static final CosineSchedule SCHEDULE = new CosineSchedule(20);

    private static float loss(double labelDropout, int[] labels, float[] images) {
        try (TrainingGraph graph = new TrainingGraph(MODEL, SCHEDULE, new TrainingObjective(LossType.MSE, labelDropout, 0), 1, Precision.FP32)) {
            graph.initialize(3, Initialization.GLOROT);
            return graph.evaluate(new TrainingBatch(images, labels, labels.length, 5, 0));
        }
    }

    @Test
    void theLossDependsOnTheLabelsUnlessTheyAreAllDropped() {
        MnistDataset digits = MnistDataset.load(TestData.mnist(), Split.TRAIN).subset(16);
        float[] images = new float[16 * 28 * 28];
        int[] order = new int[16];
        for (int i = 0; i < 16; i++) {
            order[i] = i;
        }
        digits.copyImages(order, 0, 16, images);
        int[] own = digits.labels();
        int[] shifted = new int[16];
        for (int i = 0; i < 16; i++) {
            shifted[i] = (own[i] + 1) % 10;
        }
        assertNotEquals(loss(0.0, own, images), loss(0.0, shifted, images), "with no dropout the labels must matter");
        // With a drop probability this close to 1 every label of the batch is replaced by "no label".
        assertEquals(loss(0.99999, own, images), loss(0.99999, shifted, images));
    }

    @Test
    void aConditionalRunLearnsAndRefusesUnlabelledBatches(@TempDir Path dir) {
        TrainValidationSplit data = MnistDataset.load(TestData.mnist(), Split.TRAIN).subset(320).split(0.1, 7);
        TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(32).learningRate(2e-3).warmupSteps(5)
                .emaDecay(0.9).seed(3).threads(1).initialization(Initialization.FAN_IN_ZERO_BRANCHES).labelDropout(0.15).build();
        List<EpochSummary> history;
        try (TrainingGraph graph = new TrainingGraph(MODEL, SCHEDULE, config.objective(), 1, Precision.FP32)) {
            assertTrue(graph.conditional());
            history = new Trainer(new RunFolder(dir), config, TrainingListener.SILENT)
                    .train(graph, new DatasetTrainingData(data.train()), new DatasetTrainingData(data.validation()), false, -1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> graph.step(TrainingBatch.unlabelled(new float[28 * 28], 1, 0, 0), 1e-3, 0.9));
            assertTrue(e.getMessage().contains("labels"), e.getMessage());
        }
        assertTrue(history.get(2).trainLoss() < 0.7 * history.get(0).trainLoss(), history.toString());
        RunFolder run = new RunFolder(dir);
        run.writeJson(run.trainingConfigFile(), config);
        assertEquals(config, run.readJson(run.trainingConfigFile(), TrainingConfig.class));
    }
}
