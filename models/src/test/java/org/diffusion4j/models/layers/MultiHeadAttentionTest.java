package org.diffusion4j.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.diffusion4j.models.graph.Initialization;
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

/** Multi-head attention (head size unrelated to the width) against a loop-by-loop computation in double. */
class MultiHeadAttentionTest {

    @Test
    void matchesTheDefinition() {
        int batch = 2, tokens = 5, width = 6, heads = 3, headDim = 4, inner = heads * headDim;
        float[] x = gaussians(8, batch * tokens * width);
        Drawn drawn = attendWithDrawnWeights(6, width, heads, headDim, tokens, x, batch);
        float[] actual = drawn.output();
        Map<String, ParameterValue> values = drawn.weights();
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

    /**
     * Heads wider than the tokens add parameters, not functions: per head only Wq Wk^T, the keys' share of the
     * query bias (Wk bq) and Wv Wo reach the output, all width x width (the other bias terms are the same for
     * every key and cancel in the softmax). So a layer of 3 heads of 7 built for width 4 is rewritten exactly as
     * 3 heads of 4, which is why `--head-dim 16` keeps document 004's 20 x 100 attention on tokens of 16.
     */
    @Test
    void headsWiderThanTheTokensComputeNothingThatHeadsAsWideAsTheTokensCannot() {
        int batch = 2, tokens = 5, width = 4, heads = 3, wide = 7;
        float[] x = gaussians(21, batch * tokens * width);
        Drawn drawn = attendWithDrawnWeights(4, width, heads, wide, tokens, x, batch);
        float[] wideOutput = drawn.output();
        Map<String, ParameterValue> wideValues = drawn.weights();
        float[] wqkv = wideValues.get("mha.qkv.kernel").values(), bqkv = wideValues.get("mha.qkv.bias").values();
        float[] wo = wideValues.get("mha.out.kernel").values();
        int wideInner = heads * wide, inner = heads * width;
        float[] kernel = new float[width * 3 * inner], bias = new float[3 * inner], out = new float[inner * width];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < width; i++) {
                for (int j = 0; j < width; j++) {
                    double queryKey = 0, valueOut = 0;
                    for (int d = 0; d < wide; d++) {
                        queryKey += wqkv[i * 3 * wideInner + h * wide + d] * wqkv[j * 3 * wideInner + wideInner + h * wide + d];
                        valueOut += wqkv[i * 3 * wideInner + 2 * wideInner + h * wide + d] * wo[(h * wide + d) * width + j];
                    }
                    // Queries carry the product rescaled from 1/sqrt(7) to 1/sqrt(4); keys are the tokens themselves.
                    kernel[i * 3 * inner + h * width + j] = (float) (queryKey * Math.sqrt((double) width / wide));
                    kernel[i * 3 * inner + inner + h * width + j] = i == j ? 1 : 0;
                    kernel[i * 3 * inner + 2 * inner + h * width + j] = (float) valueOut;
                    out[(h * width + i) * width + j] = i == j ? 1 : 0;
                }
                double keyShare = 0, valueBias = 0;
                for (int d = 0; d < wide; d++) {
                    keyShare += wqkv[i * 3 * wideInner + wideInner + h * wide + d] * bqkv[h * wide + d];
                    valueBias += bqkv[2 * wideInner + h * wide + d] * wo[(h * wide + d) * width + i];
                }
                bias[h * width + i] = (float) (keyShare * Math.sqrt((double) width / wide));
                bias[2 * inner + h * width + i] = (float) valueBias;
            }
        }
        Map<String, ParameterValue> narrowValues = Map.of(
                "mha.qkv.kernel", new ParameterValue(new long[] {width, 3L * inner}, kernel),
                "mha.qkv.bias", new ParameterValue(new long[] {3L * inner}, bias),
                "mha.out.kernel", new ParameterValue(new long[] {inner, width}, out),
                "mha.out.bias", wideValues.get("mha.out.bias"));
        float[] narrowOutput;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            narrowOutput = attend(session, new ParameterStore(Ops.create(graph)), width, heads, width, tokens, x, batch, store -> narrowValues);
        }
        for (int i = 0; i < wideOutput.length; i++) {
            assertEquals(wideOutput[i], narrowOutput[i], 1e-4 * Math.max(1, Math.abs(wideOutput[i])), "output " + i);
        }
        assertEquals(3 * (4 * 21 + 21) + 21 * 4 + 4, MultiHeadAttention.parameterCount(width, heads, wide));
        assertEquals(3 * (4 * 12 + 12) + 12 * 4 + 4, MultiHeadAttention.parameterCount(width, heads, width));
    }

    private record Drawn(float[] output, Map<String, ParameterValue> weights) {
    }

    /** Runs one attention layer on x with FAN_IN weights drawn from {@code seed}, and returns them with the output. */
    private static Drawn attendWithDrawnWeights(long seed, int width, int heads, int headDim, int tokens, float[] x, int batch) {
        List<Map<String, ParameterValue>> drawn = new ArrayList<>();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            float[] output = attend(session, new ParameterStore(Ops.create(graph)), width, heads, headDim, tokens, x, batch, store -> {
                drawn.add(store.initialValues(seed, Initialization.FAN_IN));
                return drawn.get(0);
            });
            return new Drawn(output, drawn.get(0));
        }
    }

    private static float[] gaussians(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Runs one attention layer named "mha" on x with the weights {@code values} gives once the layer exists. */
    private static float[] attend(Session session, ParameterStore params, int width, int heads, int headDim, int tokens,
                                  float[] x, int batch, Function<ParameterStore, Map<String, ParameterValue>> values) {
        Ops tf = params.ops();
        MultiHeadAttention attention = new MultiHeadAttention(params, "mha", width, heads, headDim, false);
        Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, tokens, width)));
        Operand<TFloat32> output = attention.apply(input, tokens);
        params.load(session, values.apply(params), false);
        try (TFloat32 in = Tensors.floats(x, batch, tokens, width); Result result = session.runner().feed(input, in).fetch(output).run()) {
            return Tensors.toArray((TFloat32) result.get(0));
        }
    }
}
