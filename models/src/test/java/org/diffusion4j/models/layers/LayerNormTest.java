package org.diffusion4j.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** LayerNorm against the definition computed in double, with and without scale and shift. */
class LayerNormTest {

    @Test
    void matchesTheDefinition() {
        int rows = 6, features = 10;
        SplittableRandom random = new SplittableRandom(4);
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 3 + 2);
        }
        float[] gamma = new float[features];
        float[] beta = new float[features];
        for (int c = 0; c < features; c++) {
            gamma[c] = (float) random.nextGaussian();
            beta[c] = (float) random.nextGaussian();
        }
        for (boolean affine : new boolean[] {false, true}) {
            float[] actual;
            try (Graph graph = new Graph(); Session session = new Session(graph)) {
                Ops tf = Ops.create(graph);
                ParameterStore params = new ParameterStore(tf);
                LayerNorm norm = new LayerNorm(params, "norm", features, affine, 1e-6f);
                Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, rows / 2, features)));
                Operand<TFloat32> output = norm.apply(input);
                Map<String, ParameterValue> values = new LinkedHashMap<>();
                if (affine) {
                    values.put("norm.gamma", new ParameterValue(new long[] {features}, gamma));
                    values.put("norm.beta", new ParameterValue(new long[] {features}, beta));
                }
                params.load(session, values, false);
                try (TFloat32 in = Tensors.floats(x, 2, rows / 2, features);
                     Result result = session.runner().feed(input, in).fetch(output).run()) {
                    actual = Tensors.toArray((TFloat32) result.get(0));
                }
            }
            for (int r = 0; r < rows; r++) {
                double mean = 0;
                for (int c = 0; c < features; c++) {
                    mean += x[r * features + c];
                }
                mean /= features;
                double variance = 0;
                for (int c = 0; c < features; c++) {
                    double d = x[r * features + c] - mean;
                    variance += d * d;
                }
                double inverseStd = 1 / Math.sqrt(variance / features + 1e-6);
                for (int c = 0; c < features; c++) {
                    int i = r * features + c;
                    double normalised = (x[i] - mean) * inverseStd;
                    double expected = affine ? normalised * gamma[c] + beta[c] : normalised;
                    assertEquals(expected, actual[i], 1e-5 * Math.max(1, Math.abs(expected)), "affine " + affine + " element " + i);
                }
            }
        }
    }
}
