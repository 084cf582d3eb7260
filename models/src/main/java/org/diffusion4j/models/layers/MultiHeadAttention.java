package org.diffusion4j.models.layers;

import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterStore.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * Multi-head self-attention over token sequences [batch, tokens, width], as Keras' MultiHeadAttention with
 * query = key = value: per head, queries, keys and values of {@code headDim} features (projections with
 * biases), softmax(q k^T / sqrt(headDim)) v, and a projection of the concatenated heads back to the width.
 * The head size is free (Keras' key_dim), so heads x headDim need not equal the width. The three input
 * projections are one matrix multiply; the caller adds the residual.
 */
public final class MultiHeadAttention {

    private final Ops tf;
    private final int width;
    private final int heads;
    private final int headDim;
    private final Variable<TFloat32> qkvKernel;
    private final Variable<TFloat32> qkvBias;
    private final Dense output;

    /** closesBranch: the output projection ends a residual branch (zero under FAN_IN_ZERO_BRANCHES). */
    public MultiHeadAttention(ParameterStore params, String name, int width, int heads, int headDim, boolean closesBranch) {
        if (heads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("attention '" + name + "' needs positive heads and head size, got " + heads + " and " + headDim);
        }
        this.tf = params.ops();
        this.width = width;
        this.heads = heads;
        this.headDim = headDim;
        int inner = heads * headDim;
        // Fan-out of one projection (not of the three together), so Glorot draws as for separate q, k, v.
        this.qkvKernel = params.create(name + ".qkv.kernel", new long[] {width, 3L * inner}, Init.WEIGHT, width, inner);
        this.qkvBias = params.create(name + ".qkv.bias", new long[] {3L * inner}, Init.BIAS, width, 0);
        this.output = new Dense(closesBranch ? params.closingBranch() : params, name + ".out", inner, width);
    }

    /** Parameters of one layer: three projections width -> heads*headDim and one back, all with biases. */
    public static long parameterCount(int width, int heads, int headDim) {
        long inner = (long) heads * headDim;
        return 3 * (width * inner + inner) + inner * width + width;
    }

    /** x: [batch, tokens, width]; returns the same shape. */
    public Operand<TFloat32> apply(Operand<TFloat32> x, int tokens) {
        int inner = heads * headDim;
        Operand<TFloat32> rows = tf.reshape(x, tf.constant(new int[] {-1, width}));
        Operand<TFloat32> qkv = tf.nn.biasAdd(tf.linalg.matMul(rows, qkvKernel), qkvBias);
        // [batch*tokens, 3*heads*headDim] -> [3, batch, heads, tokens, headDim], one transpose for all three.
        Operand<TFloat32> split = tf.linalg.transpose(
                tf.reshape(qkv, tf.constant(new int[] {-1, tokens, 3, heads, headDim})),
                tf.constant(new int[] {2, 0, 3, 1, 4}));
        Split<TFloat32> parts = tf.split(tf.constant(0), split, 3L);
        int[] perHead = {-1, heads, tokens, headDim};
        // The 1/sqrt(d) scale goes on the queries (tokens x d values) rather than on the tokens x tokens scores.
        Operand<TFloat32> queries = tf.math.mul(tf.reshape(parts.output().get(0), tf.constant(perHead)),
                tf.constant((float) (1 / Math.sqrt(headDim))));
        Operand<TFloat32> keys = tf.reshape(parts.output().get(1), tf.constant(perHead));
        Operand<TFloat32> values = tf.reshape(parts.output().get(2), tf.constant(perHead));
        Operand<TFloat32> weights = tf.nn.softmax(tf.train.batchMatMul(queries, keys, TFloat32.class, BatchMatMul.adjY(true)));
        Operand<TFloat32> attended = tf.train.batchMatMul(weights, values, TFloat32.class);
        Operand<TFloat32> merged = tf.reshape(tf.linalg.transpose(attended, tf.constant(new int[] {0, 2, 1, 3})),
                tf.constant(new int[] {-1, inner}));
        return tf.reshape(output.apply(merged), tf.constant(new int[] {-1, tokens, width}));
    }
}
