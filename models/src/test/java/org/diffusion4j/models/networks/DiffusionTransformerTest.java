package org.diffusion4j.models.networks;

import static org.diffusion4j.models.networks.NetworkChecks.assertAllZero;
import static org.diffusion4j.models.networks.NetworkChecks.assertEveryVariableLearns;
import static org.diffusion4j.models.networks.NetworkChecks.assertFiniteAndNotAllZero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

class DiffusionTransformerTest {

    /** 8x8x2 images, 2x2 patches (16 tokens), width 32, 2 blocks of 4 heads, MLP ratio 2, learned positions, 3 classes. */
    private static final DitConfig SMALL = DitConfig.builder().imageSize(8).inChannels(2).patchSize(2).width(32).depth(2)
            .mlpRatio(2).learnedPositions(true).timesteps(20).classes(3).build();

    private static long count(DitConfig config) {
        try (Graph graph = new Graph()) {
            DiffusionTransformer dit = new DiffusionTransformer(new ParameterStore(Ops.create(graph)), config);
            assertEquals(config.parameterCount(), dit.parameterCount());
            return dit.parameterCount();
        }
    }

    @Test
    void mnistPresetHasTheHandCountedParametersAndStaysUnderTwoMillion() {
        // Patch embedding 16*128+128; time MLP 256*128+128 + 128*128+128; per block: qkv and output
        // 4*(128*128+128), MLP 128*512+512 + 512*128+128, adaLN 128*768+768; final adaLN 128*256+256
        // and projection 128*16+16. Fixed positions are not trained.
        long block = 4 * (128 * 128 + 128) + (128 * 512 + 512) + (512 * 128 + 128) + (128 * 768 + 768);
        long expected = (16 * 128 + 128) + (256 * 128 + 128) + (128 * 128 + 128) + 6 * block + (128 * 256 + 256) + (128 * 16 + 16);
        assertEquals(1_867_664, expected);
        assertEquals(expected, count(DitConfig.mnist()));
        assertEquals(expected + 11 * 128, count(DitConfig.mnist().withClasses(10)));
        assertTrue(count(DitConfig.mnist().withClasses(10)) <= 2_000_000);
    }

    @Test
    void longSkipsAddOneProjectionPerSecondHalfBlock() {
        // Depth 6: blocks 4, 5 and 6 take the outputs of 3, 2 and 1 through a [2 * 128 -> 128] projection.
        assertEquals(1_867_664 + 3 * (256 * 128 + 128), count(DitConfig.mnist().withLongSkips(true)));
        assertTrue(count(DitConfig.mnist().withLongSkips(true).withClasses(10)) <= 2_000_000);
        // Odd depth: the middle block has no partner.
        DitConfig odd = DitConfig.builder().imageSize(8).width(16).depth(3).heads(2).timesteps(20).longSkips(true).build();
        assertEquals(1, odd.skipCount());
        assertEquals(count(odd.withLongSkips(false)) + (32 * 16 + 16), count(odd));
    }

    @Test
    void convolutionalStemAndHeadWidenThePatchesAndAddTwoConvolutions() {
        // 16 channels: the patch embedding and the projection carry 4*4*16 = 256 values per token instead of
        // 16; the stem is a 3x3 convolution 1 -> 16 (144 + 16), the head 16 -> 1 (144 + 1).
        DitConfig conv = DitConfig.mnist().withConvChannels(16);
        long expected = 1_867_664 + 240 * 128 + 128 * 240 + 240 + (9 * 16 + 16) + (9 * 16 + 1);
        assertEquals(expected, count(conv));
        assertTrue(count(conv.withClasses(10)) <= 2_000_000);
        var run = NetworkChecks.run(p -> new DiffusionTransformer(p, conv), 28, 1, 100, 0, 2, Initialization.FAN_IN, false);
        assertEquals(Shape.of(2, 28, 28, 1), run.shape());
        assertFiniteAndNotAllZero(run.output(), "output");
    }

    @Test
    void theMlpConvolutionAddsADepthwiseKernelAndBiasPerHiddenFeatureInEveryBlock() {
        // The dit preset: 6 blocks, MLP hidden size 256, so 6 x (9 x 256 + 256) more than its 1,534,897 without.
        DitConfig withoutSkip = DitConfig.mnistPreset().withStemSkip(false);
        assertEquals(1_534_897, count(withoutSkip.withMlpConv(false)));
        assertEquals(1_534_897 + 6 * (9 * 256 + 256), count(withoutSkip));
        assertEquals(1_550_257, withoutSkip.parameterCount());
        assertEquals(1_550_401, count(DitConfig.mnistPreset()));
        DitConfig mixing = SMALL.withMlpConv(true);
        assertEquals(mixing.parameterCount(), count(mixing));
        var run = NetworkChecks.run(p -> new DiffusionTransformer(p, mixing), 8, 2, 20, 3, 3, Initialization.FAN_IN_ZERO_BRANCHES, false);
        assertAllZero(run.output());
    }

    @Test
    void withTheConvolutionalHeadItIsTheHeadThatClosesTheBranchAndTheStartIsStillZero() {
        DitConfig conv = SMALL.withConvChannels(3);
        assertEquals(new TreeSet<>(Set.of("block_1.adaln.kernel", "block_1.adaln.bias", "block_2.adaln.kernel",
                "block_2.adaln.bias", "final.adaln.kernel", "final.adaln.bias", "head.kernel", "head.bias")), branchClosers(conv));
        assertAllZero(NetworkChecks.run(p -> new DiffusionTransformer(p, conv), 8, 2, 20, 3, 3,
                Initialization.FAN_IN_ZERO_BRANCHES, false).output());
        assertMessage(SMALL.withConvChannels(-1), "convChannels must be 0");
    }

    @Test
    void theStemSkipWidensOnlyTheHeadAndTheStartIsStillZero() {
        // The head's 3x3 convolution reads 16 more channels (the stem's): 9 x 16 more weights, nothing else.
        DitConfig preset = DitConfig.mnistPreset();
        assertEquals(count(preset.withStemSkip(false)) + 9 * 16, count(preset.withStemSkip(true)));
        DitConfig skipping = SMALL.withConvChannels(3).withStemSkip(true);
        assertEquals(count(SMALL.withConvChannels(3)) + 9 * 3 * 2, count(skipping));
        assertEquals(branchClosers(SMALL.withConvChannels(3)), branchClosers(skipping));
        var run = NetworkChecks.run(p -> new DiffusionTransformer(p, skipping), 8, 2, 20, 3, 3, Initialization.FAN_IN_ZERO_BRANCHES, false);
        assertEquals(Shape.of(3, 8, 8, 2), run.shape());
        assertAllZero(run.output());
        assertMessage(SMALL.withStemSkip(true), "set convChannels");
    }

    @Test
    void theDitPresetTakesColourImages() {
        DitConfig colour = DitConfig.mnistPreset().toBuilder().imageSize(32).inChannels(3).build();
        // Behind the 16-channel stem the patches do not see the image's channels: only the stem's 3x3 kernel
        // (9 x 16 per extra channel) and the head's (9 x 32 per extra channel, plus a bias) grow.
        assertEquals(1_550_401 + 2 * (9 * 16) + 2 * (9 * 32 + 1), count(colour));
        var run = NetworkChecks.run(p -> new DiffusionTransformer(p, colour), 32, 3, 100, 0, 2, Initialization.FAN_IN, false);
        assertEquals(Shape.of(2, 32, 32, 3), run.shape());
        assertFiniteAndNotAllZero(run.output(), "output");
        DitConfig plain = DitConfig.builder().imageSize(8).inChannels(3).patchSize(2).width(16).depth(1).heads(2).timesteps(20).build();
        assertEveryVariableLearns(NetworkChecks.run(p -> new DiffusionTransformer(p, plain), 8, 3, 20, 0, 3, Initialization.FAN_IN, true));
    }

    @Test
    void smallModelHasTheHandCountedParameters() {
        long block = 4 * (32 * 32 + 32) + (32 * 64 + 64) + (64 * 32 + 32) + (32 * 192 + 192);
        long expected = (8 * 32 + 32) + 16 * 32 + (256 * 32 + 32) + (32 * 32 + 32) + 4 * 32 + 2 * block + (32 * 64 + 64) + (32 * 8 + 8);
        assertEquals(42_088, expected);
        assertEquals(expected, count(SMALL));
    }

    @Test
    void mnistPresetKeepsTheImageShapeAndAConditionalOneNeedsLabels() {
        DitConfig config = DitConfig.mnist().withClasses(10);
        var labelled = NetworkChecks.run(p -> new DiffusionTransformer(p, config), 28, 1, 100, 10, 3, Initialization.FAN_IN, false);
        assertEquals(Shape.of(3, 28, 28, 1), labelled.shape());
        assertFiniteAndNotAllZero(labelled.output(), "output");
        IllegalArgumentException unlabelled = assertThrows(IllegalArgumentException.class,
                () -> NetworkChecks.run(p -> new DiffusionTransformer(p, config), 28, 1, 100, 0, 2, Initialization.FAN_IN, false));
        assertTrue(unlabelled.getMessage().contains("needs labels"), unlabelled.getMessage());
        var unconditional = NetworkChecks.run(p -> new DiffusionTransformer(p, DitConfig.mnist()), 28, 1, 100, 0, 2,
                Initialization.FAN_IN, false);
        assertEquals(Shape.of(2, 28, 28, 1), unconditional.shape());
    }

    @Test
    void adaLnZeroStartsAtExactlyZeroNoise() {
        var run = NetworkChecks.run(p -> new DiffusionTransformer(p, SMALL), 8, 2, 20, 3, 3, Initialization.FAN_IN_ZERO_BRANCHES, false);
        assertAllZero(run.output());
        var mnist = NetworkChecks.run(p -> new DiffusionTransformer(p, DitConfig.mnist()), 28, 1, 100, 0, 2,
                Initialization.FAN_IN_ZERO_BRANCHES, false);
        assertAllZero(mnist.output());
    }

    @Test
    void exactlyTheModulationsAndTheFinalProjectionCloseBranches() {
        assertEquals(new TreeSet<>(Set.of("block_1.adaln.kernel", "block_1.adaln.bias", "block_2.adaln.kernel",
                "block_2.adaln.bias", "final.adaln.kernel", "final.adaln.bias", "final.to_pixels.kernel",
                "final.to_pixels.bias")), branchClosers(SMALL));
    }

    /** Names of the parameters that FAN_IN_ZERO_BRANCHES starts at zero. */
    private static Set<String> branchClosers(DitConfig config) {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new DiffusionTransformer(params, config);
            Set<String> closing = new TreeSet<>();
            params.entries().values().stream().filter(ParameterStore.Entry::closesBranch).forEach(e -> closing.add(e.name()));
            return closing;
        }
    }

    @Test
    void gradientsReachEveryVariable() {
        DitConfig oneBlock = DitConfig.builder().imageSize(8).width(16).depth(1).heads(2).timesteps(20).build();
        DitConfig longSkips = DitConfig.builder().imageSize(8).patchSize(2).width(16).depth(3).heads(2).mlpRatio(2).timesteps(20)
                .longSkips(true).build();
        for (DitConfig config : new DitConfig[] {SMALL, oneBlock, longSkips, SMALL.withConvChannels(3), SMALL.withMlpConv(true),
                SMALL.withConvChannels(3).withStemSkip(true)}) {
            var run = NetworkChecks.run(p -> new DiffusionTransformer(p, config), 8, config.inChannels(), 20, config.classes(), 3,
                    Initialization.FAN_IN, true);
            assertEveryVariableLearns(run);
        }
    }

    @Test
    void fixedPositionCodeIsSinAndCosOfColumnThenRow() {
        float[][] table = DiffusionTransformer.sinCos2d(3, 8);
        // Token (row 1, column 2): features [sin 2, sin 0.02, cos 2, cos 0.02, sin 1, sin 0.01, cos 1, cos 0.01].
        float[] v = table[1 * 3 + 2];
        assertEquals((float) Math.sin(2), v[0], 1e-7f);
        assertEquals((float) Math.sin(0.02), v[1], 1e-7f);
        assertEquals((float) Math.cos(2), v[2], 1e-7f);
        assertEquals((float) Math.sin(1), v[4], 1e-7f);
        assertEquals((float) Math.cos(0.01), v[7], 1e-7f);
    }

    @Test
    void impossibleConfigurationsFailWithAFix() {
        assertMessage(DitConfig.builder().imageSize(28).patchSize(3).build(), "not divisible by the patch size 3");
        assertMessage(DitConfig.builder().imageSize(28).width(130).learnedPositions(true).build(), "not divisible by 4 heads");
        assertMessage(DitConfig.builder().imageSize(28).width(126).heads(3).build(), "divisible by 4 for the fixed");
        DitConfig.builder().imageSize(28).width(126).heads(3).learnedPositions(true).build().validate();
        DitConfig.mnist().validate();
    }

    private static void assertMessage(DitConfig config, String part) {
        String message = assertThrows(IllegalArgumentException.class, config::validate).getMessage();
        assertTrue(message.contains(part), message);
    }
}
