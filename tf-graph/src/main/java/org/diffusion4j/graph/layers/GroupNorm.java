package org.diffusion4j.graph.layers;

import org.diffusion4j.graph.ParameterStore;
import org.diffusion4j.graph.ParameterStore.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Group normalisation over NHWC feature maps with a learned per-channel scale and shift. */
public final class GroupNorm {

    private static final float EPSILON = 1e-5f;

    private final Ops tf;
    private final int groups;
    private final int channels;
    private final Variable<TFloat32> gamma;
    private final Variable<TFloat32> beta;

    public GroupNorm(ParameterStore params, String name, int channels, int groups) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm '" + name + "': " + groups + " groups do not divide " + channels
                    + " channels; choose a group count that divides every block's channel count");
        }
        this.tf = params.ops();
        this.groups = groups;
        this.channels = channels;
        this.gamma = params.create(name + ".gamma", new long[] {channels}, Init.ONES, 0, 0);
        this.beta = params.create(name + ".beta", new long[] {channels}, Init.ZEROS, 0, 0);
    }

    /** x: [batch, height, width, channels] with static height and width. */
    public Operand<TFloat32> apply(Operand<TFloat32> x, int height, int width) {
        Operand<TFloat32> grouped = tf.reshape(x, tf.constant(new int[] {-1, height, width, groups, channels / groups}));
        Operand<TFloat32> mean = tf.math.mean(grouped, tf.constant(new int[] {1, 2, 4}), org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> centered = tf.math.sub(grouped, mean);
        Operand<TFloat32> variance = tf.math.mean(tf.math.square(centered), tf.constant(new int[] {1, 2, 4}),
                org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> normalized = tf.math.mul(centered, tf.math.rsqrt(tf.math.add(variance, tf.constant(EPSILON))));
        Operand<TFloat32> back = tf.reshape(normalized, tf.constant(new int[] {-1, height, width, channels}));
        return tf.math.add(tf.math.mul(back, gamma), beta);
    }
}
