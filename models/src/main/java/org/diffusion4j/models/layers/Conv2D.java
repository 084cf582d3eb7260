package org.diffusion4j.models.layers;

import org.diffusion4j.models.graph.ConvolutionRoute;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterStore.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A 2-D convolution on NHWC images, SAME padding by default. SAME matches Flux's explicit padding of document
 * 000 (3x3 pad 1, and 4x4 stride 2 pad 1) whenever the side is even, which the U-Net checks up front; VALID
 * (no padding) is what LeNet-5's 5x5 convolutions use.
 */
public final class Conv2D {

    private final Ops tf;
    private final Variable<TFloat32> kernel;
    private final Variable<TFloat32> bias;
    private final int stride;
    private final Padding padding;
    private final ConvolutionRoute route;

    /** How the borders are treated: SAME keeps the side (at stride 1), VALID shrinks it by kernelSize - 1. */
    public enum Padding { SAME, VALID }

    /**
     * How the kernel moves and what follows it; {@link #DEFAULT} is what most layers here use: stride 1, a
     * bias, SAME padding.
     */
    public record Options(int stride, boolean useBias, Padding padding) {

        public static final Options DEFAULT = new Options(1, true, Padding.SAME);

        public Options withStride(int pixels) {
            return new Options(pixels, useBias, padding);
        }

        public Options withoutBias() {
            return new Options(stride, false, padding);
        }

        public Options withPadding(Padding borders) {
            return new Options(stride, useBias, borders);
        }
    }

    /** A square {@code kernelSize} kernel with {@link Options#DEFAULT}. */
    public Conv2D(ParameterStore params, String name, int kernelSize, int inChannels, int outChannels) {
        this(params, name, kernelSize, inChannels, outChannels, Options.DEFAULT);
    }

    public Conv2D(ParameterStore params, String name, int kernelSize, int inChannels, int outChannels, Options options) {
        this.tf = params.ops();
        this.stride = options.stride();
        this.padding = options.padding();
        this.route = params.convolutions();
        long fanIn = (long) kernelSize * kernelSize * inChannels;
        long fanOut = (long) kernelSize * kernelSize * outChannels;
        this.kernel = params.create(name + ".kernel", new long[] {kernelSize, kernelSize, inChannels, outChannels},
                Init.WEIGHT, fanIn, fanOut);
        this.bias = options.useBias() ? params.create(name + ".bias", new long[] {outChannels}, Init.BIAS, fanIn, 0) : null;
    }

    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        Operand<TFloat32> y = route.convolve(tf, x, kernel, stride, padding.name());
        return bias == null ? y : tf.nn.biasAdd(y, bias);
    }
}
