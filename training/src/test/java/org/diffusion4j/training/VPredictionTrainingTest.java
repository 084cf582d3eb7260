package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.networks.UNetConfig;
import org.junit.jupiter.api.Test;

/** Training towards v: checked through a network whose first output is exactly zero, so its loss is the target's mean square. */
class VPredictionTrainingTest {

    private static final CosineSchedule SCHEDULE = new CosineSchedule(20);
    private static final UNetConfig MODEL = UNetConfig.builder().imageSize(8).modelChannels(8)
            .channelMultipliers(List.of(1, 2)).groups(4).attentionHeads(2).timesteps(20).build();
    private static final int BATCH = 256;

    @Test
    void theTargetIsAlphaTimesTheNoiseMinusSigmaTimesTheImage() {
        // Images of zeros: v = alpha eps, so a zero output's loss is the mean of alpha^2 eps^2, and the noise target's is
        // the mean of eps^2 (about 1). Over 256 images of 64 pixels the means land within a few percent of their expectations.
        float[] zeros = new float[BATCH * 8 * 8];
        float[] ones = new float[BATCH * 8 * 8];
        java.util.Arrays.fill(ones, 1f);
        double meanAlphaSquared = 0;
        for (int t = 0; t < SCHEDULE.timesteps(); t++) {
            meanAlphaSquared += Math.pow(SCHEDULE.signalRate(t), 2) / SCHEDULE.timesteps();
        }
        assertEquals(1.0, firstLoss(Prediction.EPS, zeros), 0.05);
        assertEquals(meanAlphaSquared, firstLoss(Prediction.V, zeros), 0.05);
        // Images of ones: v = alpha eps - sigma, whose mean square is alpha^2 + sigma^2 = 1 on average.
        assertEquals(1.0, firstLoss(Prediction.V, ones), 0.05);
    }

    @Test
    void onlyNoiseAndVAreTrainable() {
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().prediction(Prediction.X0).build());
        assertEquals(Prediction.EPS, TrainingConfig.defaults().prediction());
    }

    private static float firstLoss(Prediction target, float[] images) {
        // FAN_IN_ZERO_BRANCHES starts the output convolution at zero: the first prediction is zero everywhere.
        try (TrainingGraph graph = new TrainingGraph(MODEL, SCHEDULE, new TrainingObjective(LossType.MSE, 0, 0, target, 0), 1, Precision.FP32)) {
            graph.initialize(3, Initialization.FAN_IN_ZERO_BRANCHES);
            return graph.step(TrainingBatch.unlabelled(images, BATCH, 5, 0), 1e-3, 0.9);
        }
    }
}
