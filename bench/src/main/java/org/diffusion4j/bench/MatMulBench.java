package org.diffusion4j.bench;

import java.util.SplittableRandom;
import org.diffusion4j.models.graph.Sessions;
import org.diffusion4j.models.graph.Tensors;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The float32 matrix-product rate of TensorFlow on this machine with the same thread setting: the
 * practical ceiling that the model's GFLOP/s are compared with (measured in the same run, so a busy or
 * throttled machine lowers both).
 */
public final class MatMulBench {

    /** One square size and its rate in GFLOP/s (2 n^3 per product). */
    public record Result(int size, Stats gflops) {
    }

    private MatMulBench() {
    }

    public static Result measure(int size, int threads, int warmups, int repeats) {
        if (size < 1) {
            throw new IllegalArgumentException("matrix size must be positive, got " + size);
        }
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> left = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(size, size)));
            Placeholder<TFloat32> right = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(size, size)));
            Operand<TFloat32> product = tf.linalg.matMul(left, right);
            // Filled, not tensorOf(shape): uninitialised memory can hold NaNs and denormals, which are slow.
            try (Session session = Sessions.create(graph, threads);
                 TFloat32 a = Tensors.floats(randomValues(size, 1), size, size);
                 TFloat32 b = Tensors.floats(randomValues(size, 2), size, size)) {
                Stats seconds = RepeatedTiming.seconds(warmups, repeats, () -> {
                    try (org.tensorflow.Result result = session.runner().feed(left, a).feed(right, b).fetch(product).run()) {
                        result.get(0);
                    }
                });
                double flops = 2.0 * size * size * size;
                return new Result(size, seconds.mapDecreasing(s -> flops / s / 1e9));
            }
        }
    }

    private static float[] randomValues(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
