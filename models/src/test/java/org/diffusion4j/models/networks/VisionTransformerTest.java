package org.diffusion4j.models.networks;

import static org.diffusion4j.models.networks.NetworkChecks.assertAllZero;
import static org.diffusion4j.models.networks.NetworkChecks.assertEveryVariableLearns;
import static org.diffusion4j.models.networks.NetworkChecks.assertFiniteAndNotAllZero;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusion4j.models.graph.Initialization;
import java.util.SplittableRandom;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.layers.Patches;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

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
    void theBlogPostPresetIsDocument004WithHeadsAsWideAsItsTokens() {
        VitConfig preset = VitConfig.blogPostPreset();
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

    @Test
    void theNotebooksNetworkHas12991620ParametersAndIsTheCliPreset() {
        // 4 positions of 324, then one layer of 100 heads of 100: 3 * (324 * 10,000 + 10,000) + 10,000 * 324 + 324.
        long expected = 4 * 324 + 3 * (324L * 10_000 + 10_000) + 10_000L * 324 + 324;
        assertEquals(12_991_620, expected);
        assertEquals(expected, count(VitConfig.notebook()));
        assertEquals(VitConfig.notebook(), VitConfig.mnistPreset());
        VitConfig notebook = VitConfig.notebook();
        assertEquals(4, notebook.patchCount());
        assertEquals(324, notebook.patchLength());
        assertEquals(0.5, notebook.pixelScale());
        assertEquals(100, notebook.noiseRepeats());
    }

    /** 12x12 images, 8x8 windows every 4 pixels: 4 overlapping tokens of 64, as the notebook's 4 of 324 at a small size. */
    private static final VitConfig SMALL_NOTEBOOK = VitConfig.builder().imageSize(12).patchSize(8).patchStride(4).width(64).depth(1)
            .heads(4).headDim(8).timesteps(20).pixelTokens(true).levelBase(0.9).pixelScale(0.5).patchLoss(true).build();

    /** The outputs of one run of a freshly initialised network: images, patch predictions, training error, cut noisy images and noise. */
    private record Outputs(float[] images, float[] patchPredictions, float[] error, float[] noisyPatches, float[] noisePatches,
                           Shape errorShape) {
    }

    private static Outputs runOnce(VitConfig config, Initialization scheme, float[] noisy, float[] noise, int[] steps) {
        int size = config.imageSize();
        int batch = steps.length;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            VisionTransformer vit = new VisionTransformer(params, config);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 1)));
            Placeholder<TFloat32> n = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 1)));
            Placeholder<TInt32> t = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Patches cut = new Patches(tf, size, 1, config.patchSize(), config.patchStride());
            params.load(session, params.initialValues(5, scheme), false);
            try (TFloat32 xs = Tensors.floats(noisy, batch, size, size, 1); TFloat32 ns = Tensors.floats(noise, batch, size, size, 1);
                 TInt32 ts = Tensors.ints(steps, batch);
                 Result r = session.runner().feed(x, xs).feed(n, ns).feed(t, ts).fetch(vit.apply(x, t, null))
                         .fetch(vit.patchPredictions(x, t, null)).fetch(vit.trainingError(tf, x, t, null, n))
                         .fetch(cut.patchify(x)).fetch(cut.patchify(n)).run()) {
                return new Outputs(Tensors.toArray((TFloat32) r.get(0)), Tensors.toArray((TFloat32) r.get(1)),
                        Tensors.toArray((TFloat32) r.get(2)), Tensors.toArray((TFloat32) r.get(3)), Tensors.toArray((TFloat32) r.get(4)),
                        r.get(2).shape());
            }
        }
    }

    private static float[] gaussians(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    @Test
    void pixelTokensStartAsTheIdentityOnEveryPatchAndTheImage() {
        int[] steps = {0, 7, 19};
        float[] noisy = gaussians(3 * 144, 1);
        float[] noise = gaussians(3 * 144, 2);
        Outputs start = runOnce(SMALL_NOTEBOOK, Initialization.FAN_IN_ZERO_BRANCHES, noisy, noise, steps);
        // Every patch copy is the noisy patch itself, exactly, whatever the noise level; averaging the copies gives the image.
        assertArrayEquals(start.noisyPatches(), start.patchPredictions(), 0f);
        for (int i = 0; i < noisy.length; i++) {
            assertEquals(noisy[i], start.images()[i], 1e-6f, "pixel " + i);
        }
        // With random output projections and positions (as Keras starts) the output is not the input: the identity
        // comes from the zero-initialised branch, not from a network that ignores its weights.
        Outputs random = runOnce(SMALL_NOTEBOOK, Initialization.FAN_IN, noisy, noise, steps);
        double largest = 0;
        for (int i = 0; i < noisy.length; i++) {
            largest = Math.max(largest, Math.abs(random.images()[i] - noisy[i]));
        }
        assertTrue(largest > 1e-2, "a randomly initialised branch should change the output, largest change " + largest);
    }

    @Test
    void thePatchLossComparesEveryPatchCopyWithTheNoisesPatch() {
        int[] steps = {3, 11};
        float[] noisy = gaussians(2 * 144, 3);
        float[] noise = gaussians(2 * 144, 4);
        Outputs out = runOnce(SMALL_NOTEBOOK, Initialization.FAN_IN, noisy, noise, steps);
        assertEquals(Shape.of(2, 4, 64, 1), out.errorShape());
        for (int i = 0; i < out.error().length; i++) {
            assertEquals(out.patchPredictions()[i] - out.noisePatches()[i], out.error()[i], 1e-6f, "copy value " + i);
        }
        // Without it the error is taken on the recomposed image, pixel by pixel.
        Outputs image = runOnce(SMALL_NOTEBOOK.toBuilder().patchLoss(false).build(), Initialization.FAN_IN, noisy, noise, steps);
        assertEquals(Shape.of(2, 12, 12, 1), image.errorShape());
        for (int i = 0; i < image.error().length; i++) {
            assertEquals(image.images()[i] - noise[i], image.error()[i], 1e-6f, "pixel " + i);
        }
    }

    @Test
    void theNoiseLevelTokenIsTheChainsSignalRateAndTheOutputDependsOnIt() {
        float[] levels = VisionTransformer.levelTable(500, 0.99);
        assertEquals(0.99f, levels[0], 0f);
        assertEquals((float) Math.pow(0.99, 500), levels[499], 1e-9f);
        float[] noisy = gaussians(2 * 144, 5);
        Outputs out = runOnce(SMALL_NOTEBOOK, Initialization.FAN_IN, concat(noisy, noisy), gaussians(4 * 144, 6), new int[] {0, 19, 0, 19});
        // The same image at two noise levels gives two predictions; the same image at the same level, the same one.
        assertArrayEquals(java.util.Arrays.copyOfRange(out.images(), 0, 144), java.util.Arrays.copyOfRange(out.images(), 288, 432), 0f);
        double difference = 0;
        for (int i = 0; i < 144; i++) {
            difference = Math.max(difference, Math.abs(out.images()[i] - out.images()[144 + i]));
        }
        assertTrue(difference > 1e-4, "the noise level should change the prediction, largest difference " + difference);
        var run = NetworkChecks.run(p -> new VisionTransformer(p, SMALL_NOTEBOOK), 12, 1, 20, 0, 3, Initialization.FAN_IN, true);
        assertEveryVariableLearns(run);
        assertEquals(4 * 64 + 3 * (64 * 32 + 32) + 32 * 64 + 64, SMALL_NOTEBOOK.parameterCount());
        assertEquals(SMALL_NOTEBOOK.parameterCount(), count(SMALL_NOTEBOOK));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void pixelTokensNeedTheWidthOfAPatch() {
        assertMessage(SMALL_NOTEBOOK.toBuilder().width(32).build(), "the width must be the patch length 64");
        assertMessage(SMALL_NOTEBOOK.toBuilder().levelBase(1).build(), "noise-level base");
        assertMessage(SMALL_NOTEBOOK.toBuilder().noiseRepeats(-1).build(), "noise repeats");
        VitConfig.notebook().validate();
    }

    private static void assertMessage(VitConfig config, String part) {
        String message = assertThrows(IllegalArgumentException.class, config::validate).getMessage();
        assertTrue(message.contains(part), message);
    }
}
