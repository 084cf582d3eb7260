package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusion4j.models.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

class LabelDropoutTest {

    private static final int COUNT = 100_000;

    private static int[] dropped(double probability, long seed, long step) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TInt32> labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TInt64> seedInput = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            Operand<TInt32> shown = LabelDropout.apply(tf, labels, seedInput, probability, 10);
            int[] input = new int[COUNT];
            for (int i = 0; i < COUNT; i++) {
                input[i] = i % 10;
            }
            try (Session session = new Session(graph);
                 TInt32 x = Tensors.ints(input, COUNT);
                 TInt64 s = Tensors.longs(new long[] {seed, step}, 2);
                 Result result = session.runner().feed(labels, x).feed(seedInput, s).fetch(shown).run()) {
                TInt32 out = (TInt32) result.get(0);
                int[] values = new int[COUNT];
                for (int i = 0; i < COUNT; i++) {
                    values[i] = out.getInt(i);
                }
                return values;
            }
        }
    }

    @Test
    void dropsTheAskedShareAndKeepsTheRestUnchanged() {
        for (double p : new double[] {0.1, 0.2}) {
            int[] shown = dropped(p, 42, 7);
            int none = 0;
            for (int i = 0; i < COUNT; i++) {
                if (shown[i] == 10) {
                    none++;
                } else {
                    assertEquals(i % 10, shown[i], "a kept label must be the image's own");
                }
            }
            double sigma = Math.sqrt(COUNT * p * (1 - p));
            assertTrue(Math.abs(none - COUNT * p) < 5 * sigma, "dropped " + none + " of " + COUNT + " at p = " + p);
        }
    }

    @Test
    void zeroDropsNothingAndDrawsFollowTheSeed() {
        int[] none = dropped(0.0, 42, 7);
        for (int i = 0; i < COUNT; i++) {
            assertEquals(i % 10, none[i]);
        }
        assertArrayEquals(dropped(0.1, 42, 7), dropped(0.1, 42, 7));
        assertFalse(java.util.Arrays.equals(dropped(0.1, 42, 7), dropped(0.1, 42, 8)));
    }
}
