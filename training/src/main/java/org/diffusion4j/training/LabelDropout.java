package org.diffusion4j.training;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Classifier-free guidance's training trick as graph ops: each label is replaced by "no label" with a fixed
 * probability, so one network learns the conditional and the unconditional prediction. The draws are
 * stateless, from a fed seed, so a step stays a pure function of its inputs.
 */
final class LabelDropout {

    private LabelDropout() {
    }

    /** labels: [batch] int32; seed: [2] int64; returns the labels with some set to {@code noLabel}. */
    static Operand<TInt32> apply(Ops tf, Operand<TInt32> labels, Operand<TInt64> seed, double probability, int noLabel) {
        Operand<TFloat32> draws = tf.random.statelessRandomUniform(tf.shape(labels), seed, TFloat32.class);
        Operand<TInt32> noLabels = tf.fill(tf.shape(labels), tf.constant(noLabel));
        return tf.select(tf.math.less(draws, tf.constant((float) probability)), noLabels, labels);
    }
}
