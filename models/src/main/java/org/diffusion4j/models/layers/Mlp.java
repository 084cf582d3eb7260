package org.diffusion4j.models.layers;

import org.diffusion4j.models.graph.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The transformer's feed-forward sub-block on every token: Dense, exact (erf) GELU, Dense back to the width.
 * On a square grid of tokens it can also add a depthwise 3x3 convolution of the hidden features to them
 * before the GELU (a convolutional feed-forward, as in PVTv2 and SegFormer's Mix-FFN): each token then sees
 * its eight neighbours, the locality prior that attention alone lacks.
 */
public final class Mlp {

    private static final int MIXING_KERNEL = 3;

    private final Ops tf;
    private final int width;
    private final int hiddenWidth;
    private final int grid;
    private final Dense hidden;
    private final DepthwiseConv2D mixing;
    private final Dense output;

    /** closesBranch: the second Dense ends a residual branch (zero under FAN_IN_ZERO_BRANCHES). */
    public Mlp(ParameterStore params, String name, int width, int hiddenWidth, boolean closesBranch) {
        this(params, name, width, hiddenWidth, closesBranch, 0);
    }

    /** grid: tokens per side of the square token grid for the depthwise convolution; 0 for none. */
    public Mlp(ParameterStore params, String name, int width, int hiddenWidth, boolean closesBranch, int grid) {
        this.tf = params.ops();
        this.width = width;
        this.hiddenWidth = hiddenWidth;
        this.grid = grid;
        this.hidden = new Dense(params, name + ".fc1", width, hiddenWidth);
        this.mixing = grid > 0 ? new DepthwiseConv2D(params, name + ".mixing", MIXING_KERNEL, hiddenWidth) : null;
        this.output = new Dense(closesBranch ? params.closingBranch() : params, name + ".fc2", hiddenWidth, width);
    }

    /** Parameters of one block: both Dense layers and, on a grid, the depthwise convolution. */
    public static long parameterCount(int width, int hiddenWidth, boolean mixing) {
        long dense = (long) width * hiddenWidth + hiddenWidth + (long) hiddenWidth * width + width;
        return dense + (mixing ? DepthwiseConv2D.parameterCount(MIXING_KERNEL, hiddenWidth) : 0);
    }

    /** x: [batch, tokens, width], tokens in row-major grid order when mixing; returns the same shape. */
    public Operand<TFloat32> apply(Operand<TFloat32> x, int tokens) {
        Operand<TFloat32> rows = tf.reshape(x, tf.constant(new int[] {-1, width}));
        Operand<TFloat32> h = hidden.apply(rows);
        if (mixing != null) {
            Operand<TFloat32> image = tf.reshape(h, tf.constant(new int[] {-1, grid, grid, hiddenWidth}));
            h = tf.math.add(h, tf.reshape(mixing.apply(image), tf.constant(new int[] {-1, hiddenWidth})));
        }
        Operand<TFloat32> y = output.apply(Activations.gelu(tf, h));
        return tf.reshape(y, tf.constant(new int[] {-1, tokens, width}));
    }
}
