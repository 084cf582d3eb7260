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
    private static final VitConfig SMALL = VitConfig.builder().imageSize(12).inChannels(2).width(24).depth(2).heads(3)
            .headDim(0).inputResidual(false).timesteps(50).classes(10).build();

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
        for (VitConfig config : new VitConfig[] {SMALL, VitConfig.builder().imageSize(12).inChannels(2).patchStride(4)
                .depth(2).heads(4).headDim(6).timesteps(50).classes(3).build()}) {
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

    /** 28x28, 4x4 patches every 2 pixels, width 16, 3 layers of 4 heads of width / heads features, the usual residual, T = 100. */
    private static VitConfig.Builder plain28() {
        return VitConfig.builder().imageSize(28).heads(4).headDim(0).inputResidual(false).timesteps(100);
    }

    @Test
    void impossibleConfigurationsFailWithAFix() {
        assertMessage(plain28().patchSize(5).build(), "not divisible by the patch stride 2");
        assertMessage(plain28().patchSize(2).patchStride(4).build(), "exceeds the patch size");
        assertMessage(plain28().width(18).build(), "not divisible by 4 heads");
        plain28().width(18).headDim(8).build().validate(); // an explicit head size lifts the constraint
        assertMessage(plain28().classes(-1).build(), "classes");
        VitConfig.document004().validate();
    }

    private static void assertMessage(VitConfig config, String part) {
        String message = assertThrows(IllegalArgumentException.class, config::validate).getMessage();
        assertTrue(message.contains(part), message);
    }
}
