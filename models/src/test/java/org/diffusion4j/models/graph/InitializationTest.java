package org.diffusion4j.models.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.diffusion4j.models.networks.UNet;
import org.diffusion4j.models.networks.UNetConfig;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** The statistics of every layer's fresh values under each scheme, on the document-000 U-Net. */
class InitializationTest {

    private interface Check {
        void accept(ParameterStore.Entry entry, float[] values);
    }

    private static void forEachEntry(Initialization scheme, Check check) {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new UNet(params, UNetConfig.document000(28));
            Map<String, ParameterValue> values = params.initialValues(5, scheme);
            for (ParameterStore.Entry e : params.entries().values()) {
                check.accept(e, values.get(e.name()).values());
            }
        }
    }

    @Test
    void fanInDrawsWeightsAndBiasesUniformlyWithinOneOverSqrtFanIn() {
        forEachEntry(Initialization.FAN_IN, (e, v) -> {
            if (e.init() == ParameterStore.Init.WEIGHT || e.init() == ParameterStore.Init.BIAS) {
                assertUniform(e.name(), v, 1 / Math.sqrt(e.fanIn()));
            } else {
                assertConstant(e.name(), v, e.init() == ParameterStore.Init.ONES ? 1f : 0f);
            }
        });
    }

    @Test
    void glorotDrawsWeightsWithinItsLimitAndZeroBiases() {
        forEachEntry(Initialization.GLOROT, (e, v) -> {
            if (e.init() == ParameterStore.Init.WEIGHT) {
                assertUniform(e.name(), v, Math.sqrt(6.0 / (e.fanIn() + e.fanOut())));
            } else {
                assertConstant(e.name(), v, e.init() == ParameterStore.Init.ONES ? 1f : 0f);
            }
        });
    }

    @Test
    void zeroBranchesZeroesExactlyTheLayersThatCloseABranchAndDrawsTheRestLikeFanIn() {
        Set<String> zeroed = new TreeSet<>();
        forEachEntry(Initialization.FAN_IN_ZERO_BRANCHES, (e, v) -> {
            if (e.closesBranch()) {
                assertConstant(e.name(), v, 0f);
                zeroed.add(e.name());
            } else if (e.init() == ParameterStore.Init.WEIGHT || e.init() == ParameterStore.Init.BIAS) {
                assertUniform(e.name(), v, 1 / Math.sqrt(e.fanIn()));
            }
        });
        // The eight ResBlocks each close with a GroupNorm; then the attention's output and the final convolution.
        Set<String> expected = new TreeSet<>();
        for (String block : new String[] {"down_1", "down_2", "down_3", "up_1", "up_2", "up_3", "middle_1", "middle_2"}) {
            expected.add(block + ".out.norm.gamma");
            expected.add(block + ".out.norm.beta");
        }
        expected.addAll(Set.of("middle_attention.to_out.kernel", "middle_attention.to_out.bias", "final.kernel", "final.bias"));
        assertEquals(expected, zeroed);
    }

    @Test
    void glorotIsTheDefaultAndEverySchemeIsReproducibleFromItsSeed() {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new UNet(params, UNetConfig.document000(28));
            Map<String, ParameterValue> byDefault = params.initialValues(9);
            Map<String, ParameterValue> glorot = params.initialValues(9, Initialization.GLOROT);
            for (String name : byDefault.keySet()) {
                assertArrayEquals(byDefault.get(name).values(), glorot.get(name).values(), name);
            }
            for (Initialization scheme : Initialization.values()) {
                Map<String, ParameterValue> a = params.initialValues(3, scheme);
                Map<String, ParameterValue> b = params.initialValues(3, scheme);
                for (String name : a.keySet()) {
                    assertArrayEquals(a.get(name).values(), b.get(name).values(), scheme + " " + name);
                }
            }
        }
    }

    /** All values within the limit, and mean and variance those of U(-limit, limit) to within sampling error. */
    private static void assertUniform(String name, float[] v, double limit) {
        double sum = 0;
        double sumSquares = 0;
        double largest = 0;
        for (float x : v) {
            assertTrue(Math.abs(x) <= limit, name + ": " + x + " outside +-" + limit);
            sum += x;
            sumSquares += (double) x * x;
            largest = Math.max(largest, Math.abs(x));
        }
        int n = v.length;
        double expectedVariance = limit * limit / 3;
        // Standard errors of the sample mean and variance of a uniform draw, with a 5-sigma margin.
        double meanTolerance = 5 * Math.sqrt(expectedVariance / n);
        double varianceTolerance = 5 * Math.sqrt((Math.pow(limit, 4) / 5 - expectedVariance * expectedVariance) / n);
        assertEquals(0, sum / n, meanTolerance, name + " mean");
        assertEquals(expectedVariance, sumSquares / n, varianceTolerance, name + " variance");
        if (n >= 64) {
            assertTrue(largest > 0.9 * limit, name + ": the draws do not reach the limit " + limit + " (largest " + largest + ")");
        }
    }

    private static void assertConstant(String name, float[] v, float value) {
        for (float x : v) {
            assertEquals(value, x, 0f, name);
        }
    }
}
