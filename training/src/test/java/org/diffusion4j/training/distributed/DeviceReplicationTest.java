package org.diffusion4j.training.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.testdata.TestData;
import org.diffusion4j.training.DatasetTrainingData;
import org.diffusion4j.training.LossType;
import org.diffusion4j.training.Trainer;
import org.diffusion4j.training.TrainingConfig;
import org.diffusion4j.training.TrainingGraph;
import org.diffusion4j.training.TrainingListener;
import org.tensorflow.GraphOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In-graph replication over two virtual CPU devices of this process: the test stand-in for GPUs. */
class DeviceReplicationTest {

    /** Conditional, so that the label dropout's draws are split too; an odd batch, so that the replicas' shares differ. */
    private static final UNetConfig MODEL = UNetConfig.builder().imageSize(28).modelChannels(8).channelMultipliers(List.of(1, 2))
            .groups(4).attentionHeads(2).timesteps(20).classes(10).build();
    private static final TrainingConfig CONFIG = TrainingConfig.builder().epochs(1).batchSize(15).learningRate(1e-3).warmupSteps(2)
            .loss(LossType.MSE).emaDecay(0.9).labelDropout(0.2).seed(5).threads(1).build();

    @Test
    void twoVirtualCpuDevicesEndWithTheWeightsOfOneDevice(@TempDir Path dir) {
        TrainValidationSplit data = MnistDataset.load(TestData.mnist(), Split.TRAIN).subset(100).split(0.1, 7);
        Map<String, ParameterValue> one = train(dir.resolve("one"), data, null);
        Map<String, ParameterValue> two = train(dir.resolve("two"), data, new DeviceReplication(DeviceReplication.Kind.CPU, 2));
        assertEquals(one.keySet(), two.keySet());
        double largest = 0;
        for (String name : one.keySet()) {
            float[] e = one.get(name).values();
            float[] a = two.get(name).values();
            for (int i = 0; i < e.length; i++) {
                largest = Math.max(largest, Math.abs(e[i] - a[i]));
                assertEquals(e[i], a[i], 1e-5, name + "[" + i + "]");
            }
        }
        System.out.printf("DeviceReplicationTest: largest difference %.2e over %d tensors%n", largest, one.size());
    }

    @Test
    void eachReplicasBackwardPassRunsOnItsDevice() {
        try (TrainingGraph graph = TrainingGraph.replicated(MODEL, new CosineSchedule(20), CONFIG,
                new DeviceReplication(DeviceReplication.Kind.CPU, 2))) {
            int filterGradients = 0;
            for (Iterator<GraphOperation> it = graph.graph().operations(); it.hasNext(); ) {
                GraphOperation op = it.next();
                if (op.name().startsWith("replica_1/")) {
                    assertEquals("/device:CPU:1", op.device(), op.name());
                    filterGradients += op.type().equals("Conv2DBackpropFilter") ? 1 : 0;
                } else if (op.type().equals("VariableV2") || op.type().equals("ApplyAdam")) {
                    assertEquals("/device:CPU:0", op.device(), op.name());
                }
            }
            assertTrue(filterGradients > 5, "replica 1's convolution gradients: " + filterGradients);
        }
    }

    private static Map<String, ParameterValue> train(Path dir, TrainValidationSplit data, DeviceReplication replication) {
        CosineSchedule schedule = new CosineSchedule(20);
        try (TrainingGraph graph = replication == null
                ? new TrainingGraph(MODEL, schedule, CONFIG.objective(), 1, CONFIG.precision())
                : TrainingGraph.replicated(MODEL, schedule, CONFIG, replication)) {
            new Trainer(new RunFolder(dir), CONFIG, TrainingListener.SILENT)
                    .train(graph, new DatasetTrainingData(data.train()), new DatasetTrainingData(data.validation()), false, -1);
        }
        return ParameterFile.read(new RunFolder(dir).checkpointFile()).values();
    }
}
