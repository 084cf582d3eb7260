package org.diffusion4j.models.layers;

import org.diffusion4j.models.graph.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * Document 000's multi-head self-attention over the pixels of a feature map: queries, keys and values
 * come from one 3x3 convolution without bias, heads split the channels, and a 3x3 convolution maps the
 * attended values back. The caller adds the residual.
 */
public final class SelfAttention2D {

    private final Ops tf;
    private final int channels;
    private final int heads;
    private final Conv2D toQueryKeyValue;
    private final Conv2D toOutput;

    public SelfAttention2D(ParameterStore params, String name, int channels, int heads) {
        if (channels % heads != 0) {
            throw new IllegalArgumentException("attention '" + name + "': " + heads + " heads do not divide " + channels
                    + " channels; choose a head count that divides the middle channel count");
        }
        this.tf = params.ops();
        this.channels = channels;
        this.heads = heads;
        this.toQueryKeyValue = new Conv2D(params, name + ".to_qkv", 3, channels, 3 * channels, Conv2D.Options.DEFAULT.withoutBias());
        this.toOutput = new Conv2D(params.closingBranch(), name + ".to_out", 3, channels, channels);
    }

    public Operand<TFloat32> apply(Operand<TFloat32> x, int height, int width) {
        int pixels = height * width;
        int headChannels = channels / heads;
        Split<TFloat32> qkv = tf.split(tf.constant(3), toQueryKeyValue.apply(x), 3L);
        Operand<TFloat32> queries = splitHeads(qkv.output().get(0), pixels, headChannels);
        Operand<TFloat32> keys = splitHeads(qkv.output().get(1), pixels, headChannels);
        Operand<TFloat32> values = splitHeads(qkv.output().get(2), pixels, headChannels);
        Operand<TFloat32> scores = tf.math.mul(
                tf.train.batchMatMul(queries, keys, TFloat32.class, BatchMatMul.adjY(true)),
                tf.constant((float) (1 / Math.sqrt(headChannels))));
        Operand<TFloat32> weights = tf.nn.softmax(scores);
        Operand<TFloat32> attended = tf.train.batchMatMul(weights, values, TFloat32.class);
        Operand<TFloat32> merged = tf.reshape(tf.linalg.transpose(attended, tf.constant(new int[] {0, 2, 1, 3})),
                tf.constant(new int[] {-1, height, width, channels}));
        return toOutput.apply(merged);
    }

    /** [batch, h, w, heads*dh] to [batch, heads, h*w, dh]. */
    private Operand<TFloat32> splitHeads(Operand<TFloat32> x, int pixels, int headChannels) {
        Operand<TFloat32> flat = tf.reshape(x, tf.constant(new int[] {-1, pixels, heads, headChannels}));
        return tf.linalg.transpose(flat, tf.constant(new int[] {0, 2, 1, 3}));
    }

}
