package org.diffusion4j.graph.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.graph.Initialization;
import org.diffusion4j.graph.ParameterStore;
import org.diffusion4j.graph.ParameterValue;
import org.diffusion4j.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Multi-head attention (head size unrelated to the width) against a loop-by-loop computation in double. */
class MultiHeadAttentionTest {

    @Test
    void matchesTheDefinition() {
        int batch = 2, tokens = 5, width = 6, heads = 3, headDim = 4, inner = heads * headDim;
        SplittableRandom random = new SplittableRandom(8);
        float[] x = new float[batch * tokens * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] actual;
        Map<String, ParameterValue> values;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            MultiHeadAttention attention = new MultiHeadAttention(params, "mha", width, heads, headDim, false);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, tokens, width)));
            Operand<TFloat32> output = attention.apply(input, tokens);
            values = params.initialValues(6, Initialization.FAN_IN);
            params.load(session, values, false);
            try (TFloat32 in = Tensors.floats(x, batch, tokens, width); Result result = session.runner().feed(input, in).fetch(output).run()) {
                actual = Tensors.toArray((TFloat32) result.get(0));
            }
        }
        assertEquals(MultiHeadAttention.parameterCount(width, heads, headDim),
                values.values().stream().mapToLong(v -> v.values().length).sum());
        float[] wqkv = values.get("mha.qkv.kernel").values();
        float[] bqkv = values.get("mha.qkv.bias").values();
        float[] wo = values.get("mha.out.kernel").values();
        float[] bo = values.get("mha.out.bias").values();
        for (int b = 0; b < batch; b++) {
            // Projections: column part * inner + head * headDim + d, parts q, k, v.
            double[][] qkv = new double[tokens][3 * inner];
            for (int n = 0; n < tokens; n++) {
                for (int j = 0; j < 3 * inner; j++) {
                    double s = bqkv[j];
                    for (int i = 0; i < width; i++) {
                        s += x[(b * tokens + n) * width + i] * wqkv[i * 3 * inner + j];
                    }
                    qkv[n][j] = s;
                }
            }
            double[][] merged = new double[tokens][inner];
            for (int h = 0; h < heads; h++) {
                for (int n = 0; n < tokens; n++) {
                    double[] scores = new double[tokens];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int m = 0; m < tokens; m++) {
                        double s = 0;
                        for (int d = 0; d < headDim; d++) {
                            s += qkv[n][h * headDim + d] * qkv[m][inner + h * headDim + d];
                        }
                        scores[m] = s / Math.sqrt(headDim);
                        max = Math.max(max, scores[m]);
                    }
                    double total = 0;
                    for (int m = 0; m < tokens; m++) {
                        scores[m] = Math.exp(scores[m] - max);
                        total += scores[m];
                    }
                    for (int d = 0; d < headDim; d++) {
                        double s = 0;
                        for (int m = 0; m < tokens; m++) {
                            s += scores[m] / total * qkv[m][2 * inner + h * headDim + d];
                        }
                        merged[n][h * headDim + d] = s;
                    }
                }
            }
            for (int n = 0; n < tokens; n++) {
                for (int o = 0; o < width; o++) {
                    double s = bo[o];
                    for (int j = 0; j < inner; j++) {
                        s += merged[n][j] * wo[j * width + o];
                    }
                    assertEquals(s, actual[(b * tokens + n) * width + o], 1e-5, "image " + b + " token " + n + " feature " + o);
                }
            }
        }
    }
}
