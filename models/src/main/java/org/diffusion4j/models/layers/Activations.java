package org.diffusion4j.models.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Element-wise activations built from ops whose gradients TF Java has. */
public final class Activations {

    private Activations() {
    }

    /** swish / SiLU: x * sigmoid(x). */
    public static Operand<TFloat32> swish(Ops tf, Operand<TFloat32> x) {
        return tf.math.mul(x, tf.math.sigmoid(x));
    }

    /** Exact GELU, 0.5 x (1 + erf(x / sqrt 2)). */
    public static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> erf = tf.math.erf(tf.math.mul(x, tf.constant((float) (1 / Math.sqrt(2)))));
        return tf.math.mul(tf.math.mul(x, tf.constant(0.5f)), tf.math.add(erf, tf.constant(1f)));
    }
}
