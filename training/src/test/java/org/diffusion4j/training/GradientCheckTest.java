package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.layers.ResBlock;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Checks the gradients TensorFlow's C++ registry gives for a whole ResBlock (conv, GroupNorm, swish, time
 * embedding, channel-changing skip) against central finite differences along random directions.
 */
class GradientCheckTest {

    private static final int BATCH = 2;
    private static final int SIZE = 6;
    private static final int IN = 4;
    private static final int OUT = 8;
    private static final int EMBEDDING = 6;

    @Test
    void resBlockGradientsMatchFiniteDifferences() {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            ResBlock block = new ResBlock(params, "block", IN, OUT, EMBEDDING, 2);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, SIZE, SIZE, IN)));
            Placeholder<TFloat32> embedding = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, EMBEDDING)));
            SplittableRandom random = new SplittableRandom(5);
            float[] weights = gaussian(random, BATCH * SIZE * SIZE * OUT);
            Operand<TFloat32> y = block.apply(x, embedding, SIZE, SIZE);
            // A random linear read-out makes every output element matter to the scalar being differentiated.
            Operand<TFloat32> loss = tf.sum(tf.math.mul(y, tf.constant(Shape.of(BATCH, SIZE, SIZE, OUT),
                    org.tensorflow.ndarray.buffer.DataBuffers.of(weights))), tf.constant(new int[] {0, 1, 2, 3}));
            ParameterStore.Entry kernel = params.trainable().stream().filter(e -> e.name().equals("block.in.conv.kernel")).findFirst().orElseThrow();
            ParameterStore.Entry gamma = params.trainable().stream().filter(e -> e.name().equals("block.out.norm.gamma")).findFirst().orElseThrow();
            Output<?>[] gradients = graph.addGradients(loss.asOutput(),
                    new Output<?>[] {x.asOutput(), embedding.asOutput(), kernel.variable().asOutput(), gamma.variable().asOutput()});

            Map<String, ParameterValue> initial = params.initialValues(9);
            params.load(session, initial, false);
            float[] xs = gaussian(random, BATCH * SIZE * SIZE * IN);
            float[] es = gaussian(random, BATCH * EMBEDDING);

            float[][] analytic = new float[4][];
            try (TFloat32 xt = Tensors.floats(xs, BATCH, SIZE, SIZE, IN); TFloat32 et = Tensors.floats(es, BATCH, EMBEDDING)) {
                Session.Runner runner = session.runner().feed(x, xt).feed(embedding, et);
                for (Output<?> g : gradients) {
                    runner.fetch(g);
                }
                try (Result result = runner.run()) {
                    for (int i = 0; i < 4; i++) {
                        analytic[i] = Tensors.toArray((TFloat32) result.get(i));
                    }
                }
            }
            // Directional derivatives: for input x, for the embedding, for a conv kernel, for a GroupNorm scale.
            for (int which = 0; which < 4; which++) {
                float[] direction = gaussian(random, analytic[which].length);
                double predicted = 0;
                for (int i = 0; i < direction.length; i++) {
                    predicted += analytic[which][i] * direction[i];
                }
                double eps = 1e-2;
                double plus = evaluate(session, params, initial, x, embedding, loss, xs, es, which, direction, eps, kernel, gamma);
                double minus = evaluate(session, params, initial, x, embedding, loss, xs, es, which, direction, -eps, kernel, gamma);
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(numeric, predicted, 2e-2 * Math.max(1, Math.abs(numeric)), "gradient #" + which);
            }
        }
    }

    private static double evaluate(Session session, ParameterStore params, Map<String, ParameterValue> initial,
                                   Placeholder<TFloat32> x, Placeholder<TFloat32> embedding, Operand<TFloat32> loss,
                                   float[] xs, float[] es, int which, float[] direction, double eps,
                                   ParameterStore.Entry kernel, ParameterStore.Entry gamma) {
        float[] xv = xs.clone();
        float[] ev = es.clone();
        Map<String, ParameterValue> values = new java.util.LinkedHashMap<>(initial);
        float[] target = switch (which) {
            case 0 -> xv;
            case 1 -> ev;
            case 2 -> values.compute(kernel.name(), (k, v) -> v.copy()).values();
            default -> values.compute(gamma.name(), (k, v) -> v.copy()).values();
        };
        for (int i = 0; i < target.length; i++) {
            target[i] += (float) (eps * direction[i]);
        }
        params.load(session, values, false);
        try (TFloat32 xt = Tensors.floats(xv, BATCH, SIZE, SIZE, IN); TFloat32 et = Tensors.floats(ev, BATCH, EMBEDDING);
             Result result = session.runner().feed(x, xt).feed(embedding, et).fetch(loss).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        } finally {
            params.load(session, initial, false);
        }
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

}
