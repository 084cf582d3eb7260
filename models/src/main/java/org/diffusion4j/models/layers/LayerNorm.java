package org.diffusion4j.models.layers;

import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterStore.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Layer normalisation over the last axis (the features of each token), with or without a learned
 * per-feature scale and shift. Without them it is the norm DiT modulates from the conditioning vector.
 */
public final class LayerNorm {

    private final Ops tf;
    private final float epsilon;
    private final Variable<TFloat32> gamma;
    private final Variable<TFloat32> beta;

    /** affine: create a scale (ones) and a shift (zeros), named {@code name.gamma} and {@code name.beta}. */
    public LayerNorm(ParameterStore params, String name, int features, boolean affine, float epsilon) {
        this.tf = params.ops();
        this.epsilon = epsilon;
        this.gamma = affine ? params.create(name + ".gamma", new long[] {features}, Init.ONES, 0, 0) : null;
        this.beta = affine ? params.create(name + ".beta", new long[] {features}, Init.ZEROS, 0, 0) : null;
    }

    /** x: [..., features]; returns the same shape. */
    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        Operand<TInt32> last = tf.constant(-1);
        Operand<TFloat32> mean = tf.math.mean(x, last, Mean.keepDims(true));
        Operand<TFloat32> centred = tf.math.sub(x, mean);
        Operand<TFloat32> variance = tf.math.mean(tf.math.square(centred), last, Mean.keepDims(true));
        Operand<TFloat32> normalised = tf.math.mul(centred, tf.math.rsqrt(tf.math.add(variance, tf.constant(epsilon))));
        return gamma == null ? normalised : tf.math.add(tf.math.mul(normalised, gamma), beta);
    }
}
