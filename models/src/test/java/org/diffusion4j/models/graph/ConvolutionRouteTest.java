package org.diffusion4j.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The Eigen-forward route computes what Conv2D computes, forward and backward, for every kind of convolution the
 * networks build (3x3 SAME, 4x4 stride-2 SAME, LeNet's 5x5 VALID), and builds the op it says it builds.
 */
class ConvolutionRouteTest {

    /** Float32 sums in another order: the two kernels may differ in the last bits, never more. */
    private static final double TOLERANCE = 1e-5;

    private record Case(int size, int inChannels, int outChannels, int kernelSize, int stride, String padding) {
    }

    @Test
    void eigenForwardMatchesConv2dForwardAndBackward() {
        List<Case> cases = List.of(new Case(8, 3, 5, 3, 1, "SAME"), new Case(7, 4, 6, 3, 1, "SAME"), new Case(8, 4, 6, 4, 2, "SAME"),
                new Case(12, 2, 3, 5, 1, "VALID"));
        for (Case c : cases) {
            float[][] direct = forwardAndGradients(ConvolutionRoute.CONV2D, c);
            float[][] routed = forwardAndGradients(ConvolutionRoute.CONV, c);
            String[] names = {"output", "input gradient", "kernel gradient"};
            for (int i = 0; i < names.length; i++) {
                double error = relativeError(routed[i], direct[i]);
                assertTrue(error < TOLERANCE, c + " " + names[i] + ": relative error " + error);
            }
        }
    }

    @Test
    void eachRouteBuildsItsOwnOp() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> x = tf.zeros(tf.constant(new int[] {1, 4, 4, 1}), TFloat32.class);
            Operand<TFloat32> k = tf.zeros(tf.constant(new int[] {3, 3, 1, 1}), TFloat32.class);
            assertEquals("Conv2D", ((GraphOperation) ConvolutionRoute.CONV2D.convolve(tf, x, k, 1, "SAME").op()).type());
            assertEquals("Conv", ((GraphOperation) ConvolutionRoute.CONV.convolve(tf, x, k, 1, "SAME").op()).type());
            // By shape: the image's own few channels on Conv2D, the wider layers on Conv.
            assertEquals("Conv2D", ((GraphOperation) ConvolutionRoute.BY_SHAPE.convolve(tf, x, k, 1, "SAME").op()).type());
            Operand<TFloat32> wide = tf.zeros(tf.constant(new int[] {1, 4, 4, ConvolutionRoute.FEW_CHANNELS + 1}), TFloat32.class);
            Operand<TFloat32> wideKernel = tf.zeros(tf.constant(new int[] {3, 3, ConvolutionRoute.FEW_CHANNELS + 1, 2}), TFloat32.class);
            assertEquals("Conv", ((GraphOperation) ConvolutionRoute.BY_SHAPE.convolve(tf, wide, wideKernel, 1, "SAME").op()).type());
        }
    }

    @Test
    void theGradientRefusesAConvolutionItDoesNotCover() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> x = tf.zeros(tf.constant(new int[] {1, 8, 8, 2}), TFloat32.class);
            Operand<TFloat32> k = tf.zeros(tf.constant(new int[] {3, 3, 2, 2}), TFloat32.class);
            ConvolutionRoute.CONV.convolve(tf, x, k, 1, "SAME"); // registers the gradient
            Operand<TFloat32> dilated = tf.nn.conv(x, k, List.of(1L, 1L, 1L, 1L), "SAME",
                    org.tensorflow.op.nn.Conv.dataFormat("CHANNELS_LAST"), org.tensorflow.op.nn.Conv.dilations(List.of(1L, 2L, 2L, 1L)));
            Operand<TFloat32> loss = tf.reduceSum(dilated, tf.constant(new int[] {0, 1, 2, 3}));
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> graph.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput()}));
            assertTrue(String.valueOf(e.getMessage()).contains("build this one with tf.nn.conv2d")
                    || String.valueOf(e.getCause()).contains("build this one with tf.nn.conv2d"), String.valueOf(e));
        }
    }

    @Test
    void thePropertyNamesTheRouteAndAnUnknownOneIsRefusedInOneLine() {
        String before = System.getProperty(ConvolutionRoute.PROPERTY);
        try {
            System.clearProperty(ConvolutionRoute.PROPERTY);
            assertEquals(ConvolutionRoute.BY_SHAPE, ConvolutionRoute.configured());
            System.setProperty(ConvolutionRoute.PROPERTY, "conv2d");
            assertEquals(ConvolutionRoute.CONV2D, ConvolutionRoute.configured());
            System.setProperty(ConvolutionRoute.PROPERTY, " Conv ");
            assertEquals(ConvolutionRoute.CONV, ConvolutionRoute.configured());
            System.setProperty(ConvolutionRoute.PROPERTY, "winograd9");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ConvolutionRoute::configured);
            assertTrue(e.getMessage().contains("use conv2d, conv or by-shape"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(ConvolutionRoute.PROPERTY);
            } else {
                System.setProperty(ConvolutionRoute.PROPERTY, before);
            }
        }
    }

    /** y = conv(x, k), and the gradients of sum(y * r) for a fixed random r, flattened. */
    private static float[][] forwardAndGradients(ConvolutionRoute route, Case c) {
        SplittableRandom random = new SplittableRandom(7);
        int batch = 3;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> x = tf.constant(Shape.of(batch, c.size, c.size, c.inChannels), gaussian(random, batch * c.size * c.size * c.inChannels));
            Operand<TFloat32> k = tf.constant(Shape.of(c.kernelSize, c.kernelSize, c.inChannels, c.outChannels),
                    gaussian(random, c.kernelSize * c.kernelSize * c.inChannels * c.outChannels));
            Operand<TFloat32> y = route.convolve(tf, x, k, c.stride, c.padding);
            int side = c.padding.equals("SAME") ? (c.size + c.stride - 1) / c.stride : c.size - c.kernelSize + 1;
            Operand<TFloat32> weights = tf.constant(Shape.of(batch, side, side, c.outChannels), gaussian(random, batch * side * side * c.outChannels));
            Operand<TFloat32> loss = tf.sum(tf.math.mul(y, weights), tf.constant(new int[] {0, 1, 2, 3}));
            Output<?>[] gradients = graph.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput(), k.asOutput()});
            List<float[]> values = new ArrayList<>();
            try (var result = session.runner().fetch(y).fetch(gradients[0]).fetch(gradients[1]).run()) {
                for (int i = 0; i < 3; i++) {
                    Tensor tensor = result.get(i);
                    values.add(flatten((TFloat32) tensor));
                }
            }
            return values.toArray(new float[0][]);
        }
    }

    private static org.tensorflow.ndarray.buffer.FloatDataBuffer gaussian(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble(-1, 1) + random.nextDouble(-1, 1));
        }
        return org.tensorflow.ndarray.buffer.DataBuffers.of(v);
    }

    private static float[] flatten(TFloat32 tensor) {
        float[] v = new float[(int) tensor.shape().size()];
        tensor.asRawTensor().data().asFloats().read(v);
        return v;
    }

    /** The largest difference over the largest magnitude of the reference. */
    private static double relativeError(float[] actual, float[] expected) {
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return worst / scale;
    }
}
