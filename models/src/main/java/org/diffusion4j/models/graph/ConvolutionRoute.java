package org.diffusion4j.models.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Which TensorFlow op a convolution's forward pass is built from. With oneDNN on (TensorFlow's default on x86), every
 * {@code Conv2D} goes to oneDNN, forward and gradients alike. The generic {@code Conv} op is outside oneDNN's rewrite
 * list, so it runs on TensorFlow's Eigen kernel, the faster for forward convolutions on AMD Zen 5, while its gradient,
 * registered here as the two ops {@code Conv2D}'s own gradient emits, stays on oneDNN, the faster for those; the other
 * ops of the graph stay where they were. Both routes read the same kernel variable, so checkpoints do not change.
 * docs/PERFORMANCE.md has the measurements.
 */
public enum ConvolutionRoute {

    /** {@code Conv2D} for every convolution: oneDNN when it is on, Eigen otherwise. What exports use: every TensorFlow Serving knows it. */
    CONV2D,
    /** {@code Conv} for every convolution: Eigen forward whatever the switch, gradients on {@code Conv2DBackpropInput/Filter}. */
    CONV,
    /**
     * The default: {@code Conv}, except for convolutions of {@value #FEW_CHANNELS} input channels or fewer (a network's
     * first, on the image itself), where {@code Conv2D} measured faster.
     */
    BY_SHAPE;

    /**
     * The system property that overrides the default route for a process's networks: {@code conv2d}, {@code conv} or
     * {@code by-shape}. TensorFlow's own switch, {@code TF_ENABLE_ONEDNN_OPTS=0}, puts every op on Eigen instead.
     */
    public static final String PROPERTY = "diffusion4j.convolution";

    /** Up to this many input channels {@link #BY_SHAPE} keeps Conv2D (measured at 1 and 3: Conv took 1.5 to 2.2 times as long). */
    public static final int FEW_CHANNELS = 4;

    private static boolean gradientRegistered;

    /** The route the {@value #PROPERTY} property names, {@link #BY_SHAPE} when it is unset. */
    public static ConvolutionRoute configured() {
        String value = System.getProperty(PROPERTY, "by-shape").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "conv2d" -> CONV2D;
            case "conv" -> CONV;
            case "by-shape" -> BY_SHAPE;
            default -> throw new IllegalArgumentException(PROPERTY + "=" + value + " names no convolution route; use conv2d, conv or by-shape");
        };
    }

    /**
     * The route for networks computed in {@code precision}: mixed bfloat16 is TensorFlow's oneDNN rewrite, which lists
     * {@code Conv2D} but not {@code Conv}, so bfloat16 keeps {@link #CONV2D} (whose bfloat16 kernels are the fast ones there).
     */
    public static ConvolutionRoute configured(Precision precision) {
        return precision == Precision.BF16 ? CONV2D : configured();
    }

    /**
     * The convolution of NHWC {@code x} with an HWIO {@code kernel} (its shape known when the graph is built), SAME or VALID,
     * built as this route says.
     */
    public Operand<TFloat32> convolve(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, long stride, String padding) {
        List<Long> strides = List.of(1L, stride, stride, 1L);
        if (this == CONV2D || (this == BY_SHAPE && kernel.shape().size(2) <= FEW_CHANNELS)) {
            return tf.nn.conv2d(x, kernel, strides, padding);
        }
        registerGradient();
        return tf.nn.conv(x, kernel, strides, padding, Conv.dataFormat("CHANNELS_LAST"), Conv.batchDims(1L), Conv.groups(1L));
    }

    /**
     * TensorFlow's C++ registry has no gradient for {@code Conv}; this one is {@code Conv2D}'s. Registered once per process:
     * TF Java keeps custom gradients in a small native table (notes: the 11th crashes), so it is never re-registered.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static synchronized void registerGradient() {
        if (gradientRegistered) {
            return;
        }
        TensorFlow.registerCustomGradient(Conv.Inputs.class, (tf, op, gradients) -> {
            Conv.Inputs<TFloat32> conv = (Conv.Inputs<TFloat32>) op;
            // Conv2D's gradient ops take only what convolve() builds; anything else would differentiate silently wrong.
            if (Arrays.stream(conv.dilations).anyMatch(d -> d != 1) || conv.groups != 1 || conv.batchDims != 1
                    || !"CHANNELS_LAST".equals(conv.dataFormat) || "EXPLICIT".equals(conv.padding)) {
                throw new IllegalStateException("the Conv gradient covers only undilated, ungrouped NHWC convolutions with SAME or VALID "
                        + "padding, as ConvolutionRoute builds them; build this one with tf.nn.conv2d");
            }
            Operand<TFloat32> outputGradient = (Operand<TFloat32>) gradients.get(0);
            List<Long> strides = Arrays.stream(conv.strides).boxed().toList();
            Operand<TInt32> inputShape = tf.shape(conv.input);
            Operand<TInt32> kernelShape = tf.shape(conv.filter);
            return List.of(
                    tf.nn.conv2dBackpropInput(inputShape, conv.filter, outputGradient, strides, conv.padding),
                    tf.nn.conv2dBackpropFilter(conv.input, kernelShape, outputGradient, strides, conv.padding));
        });
        gradientRegistered = true;
    }
}
