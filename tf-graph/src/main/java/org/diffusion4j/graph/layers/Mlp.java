package org.diffusion4j.graph.layers;

import org.diffusion4j.graph.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The transformer's feed-forward sub-block on every token: Dense, exact (erf) GELU, Dense back to the width. */
public final class Mlp {

    private final Ops tf;
    private final int width;
    private final Dense hidden;
    private final Dense output;

    /** closesBranch: the second Dense ends a residual branch (zero under FAN_IN_ZERO_BRANCHES). */
    public Mlp(ParameterStore params, String name, int width, int hiddenWidth, boolean closesBranch) {
        this.tf = params.ops();
        this.width = width;
        this.hidden = new Dense(params, name + ".fc1", width, hiddenWidth);
        this.output = new Dense(closesBranch ? params.closingBranch() : params, name + ".fc2", hiddenWidth, width);
    }

    /** x: [batch, tokens, width]; returns the same shape. */
    public Operand<TFloat32> apply(Operand<TFloat32> x, int tokens) {
        Operand<TFloat32> rows = tf.reshape(x, tf.constant(new int[] {-1, width}));
        Operand<TFloat32> y = output.apply(Activations.gelu(tf, hidden.apply(rows)));
        return tf.reshape(y, tf.constant(new int[] {-1, tokens, width}));
    }
}
