package org.diffusion4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.core.schedules.Schedules;
import org.diffusion4j.training.LossType;
import org.diffusion4j.training.TrainingGraph;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/** FLOP counts of single ops against hand-computed values, and of document 000's U-Net against 85.8 MFLOP. */
class FlopCounterTest {

    private static Placeholder<TFloat32> input(Ops tf, long... shape) {
        return tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    }

    @Test
    void convolutionCountsTwoMultiplyAddsPerOutputAndFilterTap() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> filter = tf.zeros(tf.constant(new long[] {3, 3, 3, 5}), TFloat32.class);
            tf.withName("same").nn.conv2d(input(tf, 1, 8, 8, 3), filter, List.of(1L, 1L, 1L, 1L), "SAME");
            Operand<TFloat32> strided = tf.zeros(tf.constant(new long[] {4, 4, 3, 4}), TFloat32.class);
            // Unknown batch counts as one image; stride 2 halves the output side.
            tf.withName("strided").nn.conv2d(input(tf, -1, 8, 8, 3), strided, List.of(1L, 2L, 2L, 1L), "SAME");

            assertEquals(2L * 8 * 8 * 3 * 3 * 3 * 5, FlopCounter.count(graph, List.of("same")).total());
            assertEquals(2L * 4 * 4 * 4 * 4 * 3 * 4, FlopCounter.count(graph, List.of("strided")).total());
            assertEquals(2L * 8 * 8 * 3 * 3 * 3 * 5 + 2L * 4 * 4 * 4 * 4 * 3 * 4, FlopCounter.count(graph, List.of()).total());
        }
    }

    @Test
    void matrixProductsCountTwoMKNAndFollowTransposes() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            tf.withName("plain").linalg.matMul(input(tf, 2, 3), input(tf, 3, 4));
            tf.withName("transposed").linalg.matMul(input(tf, 3, 2), input(tf, 4, 3),
                    MatMul.transposeA(true), MatMul.transposeB(true));
            tf.withName("batched").train.batchMatMul(input(tf, -1, 4, 49, 12), input(tf, -1, 4, 49, 12), TFloat32.class,
                    BatchMatMul.adjY(true));

            assertEquals(2L * 2 * 3 * 4, FlopCounter.count(graph, List.of("plain")).total());
            assertEquals(2L * 2 * 3 * 4, FlopCounter.count(graph, List.of("transposed")).total());
            assertEquals(2L * 4 * 49 * 12 * 49, FlopCounter.count(graph, List.of("batched")).total());
        }
    }

    @Test
    void anUnknownTargetIsNamed() {
        try (Graph graph = new Graph()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FlopCounter.count(graph, List.of("nowhere")));
            assertTrue(e.getMessage().contains("'nowhere'"), e.getMessage());
        }
    }

    @Test
    void document000UNetCostsAbout85_8MegaflopsForwardAndAboutThreeTimesThatPerTrainingStep() {
        UNetConfig config = UNetConfig.document000(28);
        FlopCount forward = ModelFlops.forwardPerImage(config);
        assertEquals(85.8, forward.megaflops(), 85.8 * 0.03, forward.byOpType().toString());

        FlopCount step = ModelFlops.trainingStepPerImage(config, Schedules.create("cosine", 100));
        double ratio = step.megaflops() / forward.megaflops();
        assertTrue(ratio > 2.7 && ratio < 3.1, "training step / forward = " + ratio + ": " + step.byOpType());
    }

    @Test
    void theDitPresetIsCountedWithItsTokensWhichItsMatrixProductsFoldIntoTheBatch() {
        // By hand, per image: 49 tokens x 6 blocks x (qkv 128x384 + out 128x128 + MLP 128x256 + 256x128) multiply-adds,
        // attention 6 x 4 heads x 2 x 49 x 49 x 32, the patch embedding 49 x 256 x 128 and projection 49 x 128 x 256,
        // the stem and head 784 x 9 x 16 each, and the per-image adaLN and time MLP: about 81 MFLOP in all; the MLP's grid
        // convolution adds 49 tokens x 256 features x 9 in each block, the stem skip 784 x 9 x 16 to the head.
        DitConfig config = DitConfig.mnistPreset().withMlpConv(false).withStemSkip(false);
        FlopCount forward = ModelFlops.forwardPerImage(config);
        long macs = 49L * 6 * (128 * 384 + 128 * 128 + 128 * 256 + 256 * 128) + 6L * 4 * 2 * 49 * 49 * 32
                + 2L * 49 * 256 * 128 + 2L * 784 * 9 * 16 + 6L * 128 * 768 + 128 * 256 + 256 * 128 + 128 * 128;
        assertEquals(2 * macs / 1e6, forward.megaflops(), 2 * macs / 1e6 * 0.01, forward.byOpType().toString());
        FlopCount withConvolution = ModelFlops.forwardPerImage(config.withMlpConv(true));
        assertEquals(2 * 6 * 49 * 256 * 9, withConvolution.total() - forward.total(), withConvolution.byOpType().toString());
        FlopCount withSkip = ModelFlops.forwardPerImage(config.withMlpConv(true).withStemSkip(true));
        assertEquals(2 * 784 * 9 * 16, withSkip.total() - withConvolution.total(), withSkip.byOpType().toString());
        FlopCount step = ModelFlops.trainingStepPerImage(config.withMlpConv(true), Schedules.create("cosine", 100));
        double ratio = step.megaflops() / withConvolution.megaflops();
        assertTrue(ratio > 2.7 && ratio < 3.1, "training step / forward = " + ratio + ": " + step.byOpType());
    }

    @Test
    void document004sViTCostsSixTimesItsPresetWithHeadsAsWideAsTheTokens() {
        // By hand, per image and layer: 170 tokens x (qkv 16 x 3 x heads x headDim + out heads x headDim x 16) multiply-adds
        // and 20 heads x 2 x 170 x 170 x headDim for the scores and their weighted sum; three layers, plus the patch
        // embedding and projection (169 x 16 x 16 each) and the time token (16 x 16).
        for (int headDim : new int[] {100, 16}) {
            long inner = 20L * headDim;
            long macs = 3 * (170 * (16 * 3 * inner + inner * 16) + 20L * 2 * 170 * 170 * headDim) + 2L * 169 * 16 * 16 + 16 * 16;
            FlopCount forward = ModelFlops.forwardPerImage(VitConfig.document004().withHeadDim(headDim));
            assertEquals(2 * macs / 1e6, forward.megaflops(), 2 * macs / 1e6 * 0.01, headDim + ": " + forward.byOpType());
        }
        double ratio = ModelFlops.forwardPerImage(VitConfig.document004()).megaflops()
                / ModelFlops.forwardPerImage(VitConfig.blogPostPreset()).megaflops();
        assertEquals(6.25, ratio, 0.1);
    }

    @Test
    void theNotebooksViTCostsAbout131MflopPerImage() {
        // By hand: 5 tokens x (qkv 324 x 3 x 10,000 + out 10,000 x 324) multiply-adds, and 100 heads x 2 x 5 x 5 x 100
        // for the scores and their weighted sum. With 4 tokens of 324 and one layer it costs what the port's 132 MFLOP did.
        long macs = 5L * (324 * 3 * 10_000 + 10_000 * 324) + 100L * 2 * 5 * 5 * 100;
        FlopCount forward = ModelFlops.forwardPerImage(VitConfig.notebook());
        assertEquals(2 * macs / 1e6, forward.megaflops(), 2 * macs / 1e6 * 0.01, forward.byOpType().toString());
    }
}
