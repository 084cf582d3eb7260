package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.schedules.Schedules;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The trainer takes a transformer exactly as it takes the U-Net, and its loss falls. */
class TransformerTrainingTest {

    /**
     * Small versions of both. The ViT's patches do not overlap here, to keep the test quick (the overlapping
     * ones are tested in tf-graph and through export); the cosine schedule lets both learn within a few steps.
     */
    static List<Object[]> networks() {
        return List.of(
                new Object[] {VitConfig.builder().imageSize(28).patchStride(4).width(32).depth(2).heads(4).headDim(16)
                        .timesteps(50).build(), "cosine"},
                new Object[] {DitConfig.builder().imageSize(28).width(64).depth(2).mlpRatio(2).timesteps(50).build(), "cosine"});
    }

    @ParameterizedTest
    @MethodSource("networks")
    void lossFallsOnAFewHundredDigits(NetworkConfig network, String schedule, @TempDir Path dir) {
        TrainValidationSplit data = MnistDataset.load(TestData.mnist(), Split.TRAIN).subset(400).split(0.1, 7);
        TrainingConfig config = TrainingConfig.builder().epochs(4).batchSize(32).learningRate(2e-3).warmupSteps(10)
                .emaDecay(0.9).seed(3).initialization(Initialization.FAN_IN_ZERO_BRANCHES).build();
        List<EpochSummary> history;
        try (TrainingGraph graph = new TrainingGraph(network, Schedules.create(schedule, network.timesteps()), LossType.MSE, 0)) {
            history = new Trainer(new RunFolder(dir), config, TrainingListener.SILENT)
                    .train(graph, new DatasetTrainingData(data.train()), new DatasetTrainingData(data.validation()), false, -1);
        }
        assertEquals(4, history.size());
        // Document 004's ViT has no normalisation and learns more slowly than the DiT: a quarter off in 44 steps.
        assertTrue(history.get(3).trainLoss() < 0.75 * history.get(0).trainLoss(), network.architecture() + ": " + history);
        for (int epoch = 1; epoch < 4; epoch++) {
            assertTrue(history.get(epoch).validationLoss() < history.get(epoch - 1).validationLoss(), network.architecture() + ": " + history);
        }
    }
}
