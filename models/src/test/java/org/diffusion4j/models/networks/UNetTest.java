package org.diffusion4j.models.networks;

import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.Tensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class UNetTest {

    @Test
    void document000ModelHasExactly403409Parameters() {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new UNet(params, UNetConfig.document000(28));
            assertEquals(403_409, params.trainableParameterCount());
        }
    }

    @Test
    void aConditionalUNetAddsOneEmbeddingRowPerClassPlusNoLabel() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            UNet unet = new UNet(params, UNetConfig.document000(28).withClasses(10));
            // 11 rows (10 digits and "no label") of the 64-wide time embedding.
            assertEquals(403_409 + 11 * 64, params.trainableParameterCount());
            assertEquals(List.of(11L, 64L), java.util.Arrays.stream(params.entries().get("label_embedding").shape()).boxed().toList());
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            Placeholder<TInt32> t = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> unet.apply(x, t));
            assertTrue(e.getMessage().contains("needs labels"), e.getMessage());
        }
    }

    @Test
    void labelsChangeAConditionalUNetsPrediction() {
        UNetConfig config = UNetConfig.builder().imageSize(8).modelChannels(8).channelMultipliers(List.of(1, 2)).groups(4)
                .attentionHeads(2).timesteps(20).classes(10).build();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            UNet unet = new UNet(params, config);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 1)));
            Placeholder<TInt32> t = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TInt32> y = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Operand<TFloat32> eps = unet.apply(x, t, y);
            params.load(session, params.initialValues(1), false);
            float[] pixels = new float[3 * 64];
            java.util.Arrays.fill(pixels, 0.25f);
            try (TFloat32 xs = Tensors.floats(pixels, 3, 8, 8, 1); TInt32 ts = Tensors.ints(new int[] {5, 5, 5}, 3);
                 TInt32 ys = Tensors.ints(new int[] {2, 2, 10}, 3);
                 Result result = session.runner().feed(x, xs).feed(t, ts).feed(y, ys).fetch(eps).run()) {
                float[] out = Tensors.toArray((TFloat32) result.get(0));
                assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(out, 0, 64), java.util.Arrays.copyOfRange(out, 64, 128)),
                        "same image, step and label: same prediction");
                assertTrue(!java.util.Arrays.equals(java.util.Arrays.copyOfRange(out, 0, 64), java.util.Arrays.copyOfRange(out, 128, 192)),
                        "another label: another prediction");
            }
        }
    }

    @Test
    void forwardPassKeepsTheImageShapeAndIsFinite() {
        UNetConfig config = UNetConfig.document000(28);
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            UNet unet = new UNet(params, config);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            Placeholder<TInt32> t = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Operand<TFloat32> eps = unet.apply(x, t);
            params.load(session, params.initialValues(1), false);
            float[] pixels = new float[3 * 28 * 28];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.sin(i);
            }
            try (TFloat32 xs = Tensors.floats(pixels, 3, 28, 28, 1); TInt32 ts = Tensors.ints(new int[] {0, 50, 99}, 3);
                 Result result = session.runner().feed(x, xs).feed(t, ts).fetch(eps).run()) {
                TFloat32 out = (TFloat32) result.get(0);
                assertEquals(Shape.of(3, 28, 28, 1), out.shape());
                for (float v : Tensors.toArray(out)) {
                    assertTrue(Float.isFinite(v));
                }
            }
        }
    }

    /** Parameters of one level attention over c channels: a 3x3 query-key-value convolution without bias, a 3x3 output one. */
    private static long attentionParameters(long c) {
        return 9 * c * 3 * c + 9 * c * c + c;
    }

    private static long count(UNetConfig config) {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new UNet(params, config);
            return params.trainableParameterCount();
        }
    }

    @Test
    void colourPresetsAddAttentionAtSixteenPixelsAndNowhereElse() {
        UNetConfig rgb32 = UNetConfig.rgb32();
        UNetConfig rgb64 = UNetConfig.rgb64();
        // Level 2 of rgb32 and level 3 of rgb64 are 16x16: one attention after the down block (the level's input
        // channels), one after the up block (its output channels).
        long middleOnly32 = count(rgb32.toBuilder().attentionResolutions(List.of()).build());
        assertEquals(middleOnly32 + attentionParameters(16) + attentionParameters(32), count(rgb32));
        long middleOnly64 = count(rgb64.toBuilder().attentionResolutions(List.of()).build());
        assertEquals(middleOnly64 + attentionParameters(16) + attentionParameters(32), count(rgb64));
        assertEquals(862_963, count(rgb32));
        assertEquals(887_811, count(rgb64));
        assertEquals(List.of(false, true, false, false), IntStream.rangeClosed(1, 4).mapToObj(rgb32::attentionAt).toList());
        assertEquals(List.of(false, false, true, false, false),
                IntStream.rangeClosed(1, 5).mapToObj(rgb64::attentionAt).toList());
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new UNet(params, rgb64);
            assertEquals(List.of("down_3.attention.to_out.bias", "down_3.attention.to_out.kernel", "down_3.attention.to_qkv.kernel",
                            "middle_attention.to_out.bias", "middle_attention.to_out.kernel", "middle_attention.to_qkv.kernel",
                            "up_3.attention.to_out.bias", "up_3.attention.to_out.kernel", "up_3.attention.to_qkv.kernel"),
                    params.entries().keySet().stream().filter(n -> n.contains("attention")).sorted().toList());
        }
    }

    @Test
    void withoutAttentionResolutionsEveryExistingNetworkIsUnchanged() {
        assertEquals(403_409, count(UNetConfig.document000(28).toBuilder().attentionResolutions(List.of()).build()));
        assertEquals(List.of(), UNetConfig.document000(28).attentionResolutions());
        // Attention at document 000's middle side (7) adds a level attention there, beside the middle one.
        UNetConfig at7 = UNetConfig.document000(28).toBuilder().attentionResolutions(List.of(7)).build();
        assertEquals(403_409 + attentionParameters(32) + attentionParameters(48), count(at7));
    }

    @Test
    void colourNetworksKeepTheirShapeAndEveryVariableLearns() {
        UNetConfig small = UNetConfig.builder().imageSize(8).inChannels(3).modelChannels(8).channelMultipliers(List.of(1, 2))
                .groups(4).attentionHeads(2).timesteps(20).attentionResolutions(List.of(4)).build();
        var run = NetworkChecks.run(p -> new UNet(p, small), 8, 3, 20, 0, 3,
                Initialization.FAN_IN, true);
        assertEquals(Shape.of(3, 8, 8, 3), run.shape());
        NetworkChecks.assertEveryVariableLearns(run);
        var rgb32 = NetworkChecks.run(p -> new UNet(p, UNetConfig.rgb32()), 32, 3, 100, 0, 2,
                Initialization.FAN_IN, false);
        assertEquals(Shape.of(2, 32, 32, 3), rgb32.shape());
        NetworkChecks.assertFiniteAndNotAllZero(rgb32.output(), "rgb32 output");
    }

    @Test
    void attentionResolutionsMustNameALevelWhoseChannelsTheHeadsDivide() {
        var nowhere = UNetConfig.document000(28).toBuilder().attentionResolutions(List.of(16)).build();
        String message = assertThrows(IllegalArgumentException.class, nowhere::validate).getMessage();
        assertTrue(message.contains("16") && message.contains("[28, 14, 7]"), message);
        var heads = UNetConfig.builder().imageSize(8).modelChannels(12).channelMultipliers(List.of(1, 2)).groups(4)
                .attentionHeads(8).attentionResolutions(List.of(8)).build();
        message = assertThrows(IllegalArgumentException.class, heads::validate).getMessage();
        assertTrue(message.contains("heads") && message.contains("12"), message);
        UNetConfig.rgb32().validate();
        UNetConfig.rgb64().validate();
    }

    @Test
    void impossibleConfigurationsFailWithAFix() {
        UNetConfig base = UNetConfig.document000(28);
        var odd = UNetConfig.builder().imageSize(30).build();
        assertTrue(assertThrows(IllegalArgumentException.class, odd::validate).getMessage().contains("not divisible by 2^2"));
        var groups = UNetConfig.builder().imageSize(28).groups(5).build();
        assertTrue(assertThrows(IllegalArgumentException.class, groups::validate).getMessage().contains("groups"));
        var heads = UNetConfig.builder().imageSize(28).attentionHeads(5).build();
        assertTrue(assertThrows(IllegalArgumentException.class, heads::validate).getMessage().contains("heads"));
        base.validate();
    }
}
