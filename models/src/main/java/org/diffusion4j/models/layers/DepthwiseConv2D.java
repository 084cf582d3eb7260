package org.diffusion4j.models.layers;

import java.util.List;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterStore.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A depthwise 2-D convolution on NHWC inputs: each channel filtered by its own square kernel (SAME padding,
 * stride 1), plus a bias. It mixes neighbouring positions at a cost of kernel^2 multiply-adds per value,
 * far less than a dense convolution over as many channels.
 */
public final class DepthwiseConv2D {

    private final Ops tf;
    private final Variable<TFloat32> kernel;
    private final Variable<TFloat32> bias;

    public DepthwiseConv2D(ParameterStore params, String name, int kernelSize, int channels) {
        this.tf = params.ops();
        long fan = (long) kernelSize * kernelSize;
        this.kernel = params.create(name + ".kernel", new long[] {kernelSize, kernelSize, channels, 1}, Init.WEIGHT, fan, fan);
        this.bias = params.create(name + ".bias", new long[] {channels}, Init.BIAS, fan, 0);
    }

    /** Parameters of one layer: a kernel per channel and a bias. */
    public static long parameterCount(int kernelSize, int channels) {
        return (long) kernelSize * kernelSize * channels + channels;
    }

    /** x: [batch, height, width, channels]; returns the same shape. */
    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        return tf.nn.biasAdd(tf.nn.depthwiseConv2dNative(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME"), bias);
    }
}
