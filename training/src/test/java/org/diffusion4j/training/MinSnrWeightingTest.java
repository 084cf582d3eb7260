package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;

class MinSnrWeightingTest {

    private static final CosineSchedule SCHEDULE = new CosineSchedule(20);
    private static final UNetConfig MODEL = UNetConfig.builder().imageSize(28).modelChannels(8)
            .channelMultipliers(List.of(1, 2)).groups(4).attentionHeads(2).timesteps(20).build();

    @Test
    void eachStepIsWeightedByMinSnrOverSnr() {
        CosineSchedule schedule = new CosineSchedule(100);
        float[] signalRates = new float[100];
        float[] noiseRates = new float[100];
        for (int t = 0; t < 100; t++) {
            signalRates[t] = (float) schedule.signalRate(t);
            noiseRates[t] = (float) schedule.noiseRate(t);
        }
        float[] weights = TrainingGraph.minSnrWeights(signalRates, noiseRates, 5, org.diffusion4j.core.denoisers.Prediction.EPS);
        int capped = 0;
        for (int t = 0; t < 100; t++) {
            double snr = Math.pow(signalRates[t] / (double) noiseRates[t], 2);
            double expected = snr <= 5 ? 1 : 5 / snr;
            assertEquals(expected, weights[t], 1e-6 * expected, "t = " + t);
            if (t > 0) {
                assertTrue(weights[t] >= weights[t - 1], "the noisier step never weighs less, t = " + t);
            }
            capped += snr > 5 ? 1 : 0;
        }
        assertTrue(capped > 0 && capped < 100, "gamma 5 caps some steps of the cosine schedule, not all: " + capped);
        assertTrue(weights[0] < 0.01, "the cleanest step weighs almost nothing: " + weights[0]);
    }

    @Test
    void stepsReportTheUnweightedLossAndOnlyTheGradientChanges() {
        float[] batch = firstDigits(16);
        try (TrainingGraph plain = graph(0);
             TrainingGraph weighted = graph(5);
             TrainingGraph uncapped = graph(1e12)) {
            // The same batch, noise and timesteps: the reported loss is the plain mean squared error in all three.
            TrainingBatch same = TrainingBatch.unlabelled(batch, 16, 3, 0);
            float plainLoss = plain.step(same, 1e-3, 0.9);
            assertEquals(plainLoss, weighted.step(same, 1e-3, 0.9), 0f);
            assertEquals(plainLoss, uncapped.step(same, 1e-3, 0.9), 0f);
            Map<String, ParameterValue> afterPlain = plain.state();
            Map<String, ParameterValue> afterWeighted = weighted.state();
            Map<String, ParameterValue> afterUncapped = uncapped.state();
            boolean anyDiffers = false;
            for (String name : afterPlain.keySet()) {
                // A gamma no step reaches weighs every step by exactly 1: the same update, bit for bit.
                assertArrayEquals(afterPlain.get(name).values(), afterUncapped.get(name).values(), 0f, name);
                anyDiffers |= !Arrays.equals(afterPlain.get(name).values(), afterWeighted.get(name).values());
            }
            assertTrue(anyDiffers, "gamma 5 changes the update");
        }
    }

    @Test
    void aNegativeGammaIsRefusedWithTheUsualValue() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().minSnrGamma(-1).build());
        assertTrue(refused.getMessage().contains("5 is usual"), refused.getMessage());
    }

    private static TrainingGraph graph(double gamma) {
        // One thread keeps TensorFlow's reductions in a fixed order, so equal updates are bit-equal.
        TrainingGraph graph = new TrainingGraph(MODEL, SCHEDULE, new TrainingObjective(LossType.MSE, 0, gamma), 1, Precision.FP32);
        graph.initialize(11, Initialization.FAN_IN);
        return graph;
    }

    private static float[] firstDigits(int count) {
        int[] indices = new int[count];
        Arrays.setAll(indices, i -> i);
        return MnistDataset.load(TestData.mnist(), Split.TRAIN).batch(indices).pixels();
    }
}
