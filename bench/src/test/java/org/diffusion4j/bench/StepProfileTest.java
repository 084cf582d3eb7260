package org.diffusion4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.training.LossType;
import org.diffusion4j.training.TrainingBatch;
import org.diffusion4j.training.TrainingGraph;
import org.junit.jupiter.api.Test;

/** A traced training step, summed per op type: the convolutions and their gradients appear, and shares add to 1. */
class StepProfileTest {

    @Test
    void tracedStepShowsWhereTheTimeGoes() {
        UNetConfig model = UNetConfig.builder().imageSize(16).modelChannels(8).channelMultipliers(List.of(1, 2)).groups(4)
                .attentionHeads(2).timesteps(20).build();
        try (TrainingGraph graph = new TrainingGraph(model, new CosineSchedule(20), LossType.MSE, 1)) {
            graph.initialize(0, Initialization.GLOROT);
            float[] images = new float[4 * 16 * 16];
            float before = graph.evaluate(TrainingBatch.unlabelled(images, 4, 0, 0));
            StepProfile profile = new StepProfile();
            profile.add(graph.tracedStep(TrainingBatch.unlabelled(images, 4, 0, 0), 1e-2, 0.9));
            profile.add(graph.tracedStep(TrainingBatch.unlabelled(images, 4, 0, 1), 1e-2, 0.9));
            List<StepProfile.OpTime> times = profile.opTimes();
            assertEquals(1.0, times.stream().mapToDouble(StepProfile.OpTime::share).sum(), 1e-9);
            for (int i = 1; i < times.size(); i++) {
                assertTrue(times.get(i - 1).millisPerRun() >= times.get(i).millisPerRun(), "sorted by time");
            }
            // oneDNN renames the kernels (_MklNativeFusedConv2D, ...), plain TensorFlow does not: match either.
            assertTrue(times.stream().anyMatch(t -> t.opType().contains("Conv2DBackpropInput")), profile.table(40));
            assertTrue(times.stream().anyMatch(t -> t.opType().equals("ApplyAdam")), profile.table(40));
            String table = profile.table(3);
            assertEquals(5, table.lines().count(), table);
            assertTrue(table.lines().skip(4).findFirst().orElseThrow().startsWith("(" + (times.size() - 3) + " other types)"), table);
            // A traced step is a real step: the weights moved.
            assertTrue(graph.evaluate(TrainingBatch.unlabelled(images, 4, 0, 0)) != before);
        }
    }
}
