package org.diffusion4j.training.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.diffusion4j.graph.models.UNetConfig;
import org.diffusion4j.schedules.Schedules;
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

        try (TrainingGraph training = new TrainingGraph(config, Schedules.create("cosine", 100), LossType.MSE, 1)) {
            FlopCount step = ModelFlops.trainingStepPerImage(training);
            double ratio = step.megaflops() / forward.megaflops();
            assertTrue(ratio > 2.7 && ratio < 3.1, "training step / forward = " + ratio + ": " + step.byOpType());
        }
    }
}
