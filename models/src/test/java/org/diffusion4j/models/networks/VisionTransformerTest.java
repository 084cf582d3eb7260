package org.diffusion4j.models.networks;

import static org.diffusion4j.models.networks.NetworkChecks.assertAllZero;
import static org.diffusion4j.models.networks.NetworkChecks.assertEveryVariableLearns;
import static org.diffusion4j.models.networks.NetworkChecks.assertFiniteAndNotAllZero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

class VisionTransformerTest {

    /** 12x12x2 images, 4x4 patches every 2 pixels (5x5 of them), width 24, 2 layers of 3 heads, 10 classes. */
    private static final VitConfig SMALL = new VitConfig(12, 2, 4, 2, 24, 2, 3, 0, false, 50, 10);

    private static long count(VitConfig config) {
        try (Graph graph = new Graph()) {
            VisionTransformer vit = new VisionTransformer(new ParameterStore(Ops.create(graph)), config);
            assertEquals(vit.parameterCount(), config.parameterCount());
            return vit.parameterCount();
        }
    }

    @Test
    void document004ModelHasExactly405584Parameters() {
        // Patch embedding 16*16+16, positions (169 patches + time token) * 16, time token 16*16+16,
        // 3 layers of 3*(16*2000+2000) + 2000*16+16, projection to pixels 16*16+16.
        long expected = 272 + 170 * 16 + 272 + 3 * (3 * (16 * 2000 + 2000) + 2000 * 16 + 16) + 272;
        assertEquals(405_584, expected);
        assertEquals(expected, count(VitConfig.document004()));
    }

    @Test
    void theCliPresetIsDocument004WithHeadsAsWideAsItsTokens() {
        VitConfig preset = VitConfig.mnistPreset();
        assertEquals(VitConfig.document004().withHeadDim(16), preset);
        // As above with 20 heads of 16: 3 layers of 3*(16*320+320) + 320*16+16.
        long expected = 272 + 170 * 16 + 272 + 3 * (3 * (16 * 320 + 320) + 320 * 16 + 16) + 272;
        assertEquals(67_904, expected);
        assertEquals(expected, count(preset));
    }

    @Test
    void smallConditionalModelHasTheHandCountedParameters() {
        // Patch embedding 32*24+24, positions 26*24, time 24*24+24, labels 11*24, 2 layers of 4*(24*24+24), pixels 24*32+32.
        long expected = (32 * 24 + 24) + 26 * 24 + (24 * 24 + 24) + 11 * 24 + 2 * 4 * (24 * 24 + 24) + (24 * 32 + 32);
        assertEquals(7_880, expected);
        assertEquals(expected, count(SMALL));
        assertEquals(expected - 11 * 24, count(SMALL.withClasses(0)));
    }

    @Test
    void document004KeepsTheImageShape() {
        VitConfig config = VitConfig.document004();
        var run = NetworkChecks.run(p -> new VisionTransformer(p, config), 28, 1, config.timesteps(), 0, 2, Initialization.FAN_IN, false);
        assertEquals(Shape.of(2, 28, 28, 1), run.shape());
        assertFiniteAndNotAllZero(run.output(), "output");
    }

    @Test
    void conditionalModelKeepsTheImageShapeAndNeedsLabels() {
        var labelled = NetworkChecks.run(p -> new VisionTransformer(p, SMALL), 12, 2, 50, 10, 3, Initialization.FAN_IN, false);
        assertEquals(Shape.of(3, 12, 12, 2), labelled.shape());
        assertFiniteAndNotAllZero(labelled.output(), "output");
        IllegalArgumentException unlabelled = assertThrows(IllegalArgumentException.class,
                () -> NetworkChecks.run(p -> new VisionTransformer(p, SMALL), 12, 2, 50, 0, 3, Initialization.FAN_IN, false));
        assertTrue(unlabelled.getMessage().contains("needs labels"), unlabelled.getMessage());
    }

    @Test
    void zeroBranchesStartAtExactlyZeroNoise() {
        for (VitConfig config : new VitConfig[] {SMALL, SMALL.withClasses(0)}) {
            var run = NetworkChecks.run(p -> new VisionTransformer(p, config), 12, 2, 50, config.classes(), 2,
                    Initialization.FAN_IN_ZERO_BRANCHES, false);
            assertAllZero(run.output());
        }
    }

    @Test
    void gradientsReachEveryVariable() {
        for (VitConfig config : new VitConfig[] {SMALL, new VitConfig(12, 2, 4, 4, 16, 2, 4, 6, true, 50, 3)}) {
            var run = NetworkChecks.run(p -> new VisionTransformer(p, config), 12, 2, 50, config.classes(), 3,
                    Initialization.FAN_IN, true);
            assertEveryVariableLearns(run);
        }
    }

    @Test
    void labelsForAnUnconditionalModelAreRejected() {
        VitConfig config = SMALL.withClasses(0);
        assertThrows(IllegalArgumentException.class,
                () -> NetworkChecks.run(p -> new VisionTransformer(p, config), 12, 2, 50, 1, 2, Initialization.FAN_IN, false));
    }

    @Test
    void impossibleConfigurationsFailWithAFix() {
        assertMessage(new VitConfig(28, 1, 5, 2, 16, 3, 4, 0, false, 100, 0), "not divisible by the patch stride 2");
        assertMessage(new VitConfig(28, 1, 2, 4, 16, 3, 4, 0, false, 100, 0), "exceeds the patch size");
        assertMessage(new VitConfig(28, 1, 4, 2, 18, 3, 4, 0, false, 100, 0), "not divisible by 4 heads");
        new VitConfig(28, 1, 4, 2, 18, 3, 4, 8, false, 100, 0).validate(); // an explicit head size lifts the constraint
        assertMessage(new VitConfig(28, 1, 4, 2, 16, 3, 4, 0, false, 100, -1), "classes");
        VitConfig.document004().validate();
    }

    private static void assertMessage(VitConfig config, String part) {
        String message = assertThrows(IllegalArgumentException.class, config::validate).getMessage();
        assertTrue(message.contains(part), message);
    }
}
