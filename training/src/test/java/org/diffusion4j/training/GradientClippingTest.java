package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class GradientClippingTest {

    @Test
    void aLongGradientIsScaledDownAsAWholeAndAShortOneKept() {
        // Two "variables" whose gradients make a vector (3, 4 | 0, 0): global norm 5.
        assertArrayEquals(new float[] {0.6f, 0.8f, 0f, 0f}, clipped(1f), 1e-6f);
        assertArrayEquals(new float[] {3f, 4f, 0f, 0f}, clipped(10f), 1e-6f);
    }

    @Test
    void aNegativeNormIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().gradientClipNorm(-1).build());
    }

    private static float[] clipped(float norm) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            List<Operand<TFloat32>> gradients = List.of(tf.constant(new float[] {3f, 4f}), tf.constant(new float[][] {{0f}, {0f}}));
            List<Operand<TFloat32>> out = AdamOptimizer.clippedToGlobalNorm(tf, gradients, norm);
            try (Result result = session.runner().fetch(out.get(0)).fetch(out.get(1)).run()) {
                TFloat32 first = (TFloat32) result.get(0);
                TFloat32 second = (TFloat32) result.get(1);
                return new float[] {first.getFloat(0), first.getFloat(1), second.getFloat(0, 0), second.getFloat(1, 0)};
            }
        }
    }
}
