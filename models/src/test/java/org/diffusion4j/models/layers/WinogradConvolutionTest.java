package org.diffusion4j.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.layers.WinogradConvolution.Tile;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Winograd F(2x2, 3x3) and F(4x4, 3x3) against TensorFlow's own SAME convolution, values and gradients, on
 * sides that the tiles cover exactly and sides they overhang (see {@link #SIDES}). The error measure is
 * max |winograd - direct| / max |direct|: Winograd's transforms add and subtract values of the whole tile, so its
 * rounding scales with the largest outputs, not with each output.
 */
class WinogradConvolutionTest {

    /** 28 and 14 are the U-Net's sides (no multiple of 4x4's tile), 7 is odd, 8 a multiple of both tiles. */
    private static final int[] SIDES = {28, 14, 7, 8};
    private static final int[] CHANNELS = {1, 32, 64};
    private static final int BATCH = 3;
    private static final Map<Tile, Double> TOLERANCE = new EnumMap<>(Map.of(Tile.F2X2, 1e-5, Tile.F4X4, 1e-4));

    private record Case(int height, int width, int inChannels, int outChannels) {

        @Override
        public String toString() {
            return height + "x" + width + " " + inChannels + "->" + outChannels;
        }
    }

    /** Every side with every pair of channel counts, and one side that differs from the other. */
    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int side : SIDES) {
            for (int in : CHANNELS) {
                for (int out : CHANNELS) {
                    cases.add(new Case(side, side, in, out));
                }
            }
        }
        cases.add(new Case(9, 6, 5, 3));
        return cases;
    }

    @Test
    void forwardMatchesConv2d() {
        Map<Tile, Double> worst = new EnumMap<>(Tile.class);
        long seed = 1;
        for (Case c : cases()) {
            SplittableRandom random = new SplittableRandom(seed++);
            float[] x = gaussian(random, BATCH * c.height * c.width * c.inChannels);
            float[] kernel = gaussian(random, 9 * c.inChannels * c.outChannels);
            try (Graph graph = new Graph(); Session session = new Session(graph)) {
                Ops tf = Ops.create(graph);
                Placeholder<TFloat32> input = imagePlaceholder(tf, c.height, c.width, c.inChannels);
                Placeholder<TFloat32> weights = tf.placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(3, 3, c.inChannels, c.outChannels)));
                List<Operand<TFloat32>> outputs = new ArrayList<>(List.of(direct(tf, input, weights)));
                for (Tile tile : Tile.values()) {
                    outputs.add(WinogradConvolution.apply(tf, input, weights, tile));
                }
                try (TFloat32 in = Tensors.floats(x, BATCH, c.height, c.width, c.inChannels);
                     TFloat32 k = Tensors.floats(kernel, 3, 3, c.inChannels, c.outChannels);
                     Result r = fetchAll(session.runner().feed(input, in).feed(weights, k), outputs)) {
                    float[] expected = Tensors.toArray((TFloat32) r.get(0));
                    for (Tile tile : Tile.values()) {
                        TFloat32 y = (TFloat32) r.get(1 + tile.ordinal());
                        assertEquals(Shape.of(BATCH, c.height, c.width, c.outChannels), y.shape(), tile + " " + c);
                        double error = relativeError(expected, Tensors.toArray(y));
                        worst.merge(tile, error, Math::max);
                        assertTrue(error < TOLERANCE.get(tile), tile + " " + c + ": relative error " + error);
                    }
                }
            }
        }
        System.out.println("Winograd forward, worst max|diff|/max|direct| over all cases: " + worst);
    }

    @Test
    void gradientsMatchConv2d() {
        Map<Tile, Double> worstInput = new EnumMap<>(Tile.class);
        Map<Tile, Double> worstKernel = new EnumMap<>(Tile.class);
        long seed = 100;
        for (Case c : cases()) {
            SplittableRandom random = new SplittableRandom(seed++);
            float[] x = gaussian(random, BATCH * c.height * c.width * c.inChannels);
            float[] kernel = gaussian(random, 9 * c.inChannels * c.outChannels);
            float[] weighting = gaussian(random, BATCH * c.height * c.width * c.outChannels);
            try (Graph graph = new Graph(); Session session = new Session(graph)) {
                Ops tf = Ops.create(graph);
                Placeholder<TFloat32> input = imagePlaceholder(tf, c.height, c.width, c.inChannels);
                Placeholder<TFloat32> weights = tf.placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(3, 3, c.inChannels, c.outChannels)));
                Placeholder<TFloat32> r = imagePlaceholder(tf, c.height, c.width, c.outChannels);
                List<Operand<TFloat32>> gradients = new ArrayList<>(
                        gradients(graph, tf, direct(tf, input, weights), r, input, weights));
                for (Tile tile : Tile.values()) {
                    Operand<TFloat32> y = WinogradConvolution.apply(tf, input, weights, tile);
                    gradients.addAll(gradients(graph, tf, y, r, input, weights));
                }
                try (TFloat32 in = Tensors.floats(x, BATCH, c.height, c.width, c.inChannels);
                     TFloat32 k = Tensors.floats(kernel, 3, 3, c.inChannels, c.outChannels);
                     TFloat32 w = Tensors.floats(weighting, BATCH, c.height, c.width, c.outChannels);
                     Result result = fetchAll(session.runner().feed(input, in).feed(weights, k).feed(r, w), gradients)) {
                    float[] expectedInput = Tensors.toArray((TFloat32) result.get(0));
                    float[] expectedKernel = Tensors.toArray((TFloat32) result.get(1));
                    for (Tile tile : Tile.values()) {
                        int at = 2 + 2 * tile.ordinal();
                        double inputError = relativeError(expectedInput, Tensors.toArray((TFloat32) result.get(at)));
                        double kernelError = relativeError(expectedKernel, Tensors.toArray((TFloat32) result.get(at + 1)));
                        worstInput.merge(tile, inputError, Math::max);
                        worstKernel.merge(tile, kernelError, Math::max);
                        assertTrue(inputError < TOLERANCE.get(tile), tile + " " + c + ": input gradient error " + inputError);
                        assertTrue(kernelError < TOLERANCE.get(tile), tile + " " + c + ": kernel gradient error " + kernelError);
                    }
                }
            }
        }
        System.out.println("Winograd gradients, worst max|diff|/max|direct| over all cases: input " + worstInput
                + ", kernel " + worstKernel);
    }

    /** The sampler feeds varying batch sizes to one graph: the tiles' reshapes must not fix the batch. */
    @Test
    void oneGraphServesEveryBatchSize() {
        int side = 7, in = 4, out = 6;
        SplittableRandom random = new SplittableRandom(7);
        float[] kernel = gaussian(random, 9 * in * out);
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = imagePlaceholder(tf, side, side, in);
            Operand<TFloat32> weights = tf.constant(Shape.of(3, 3, in, out), DataBuffers.of(kernel));
            List<Operand<TFloat32>> outputs = new ArrayList<>(List.of(direct(tf, input, weights)));
            for (Tile tile : Tile.values()) {
                outputs.add(WinogradConvolution.apply(tf, input, weights, tile));
            }
            for (int batch : new int[] {1, 5}) {
                float[] x = gaussian(random, batch * side * side * in);
                try (TFloat32 images = Tensors.floats(x, batch, side, side, in);
                     Result r = fetchAll(session.runner().feed(input, images), outputs)) {
                    float[] expected = Tensors.toArray((TFloat32) r.get(0));
                    for (Tile tile : Tile.values()) {
                        TFloat32 y = (TFloat32) r.get(1 + tile.ordinal());
                        assertEquals(Shape.of(batch, side, side, out), y.shape(), tile + " batch " + batch);
                        double error = relativeError(expected, Tensors.toArray(y));
                        assertTrue(error < TOLERANCE.get(tile), tile + " batch " + batch + ": relative error " + error);
                    }
                }
            }
        }
    }

    @Test
    void shapesItCannotTileAreRejected() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> unknownSide = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, 8, 2)));
            Placeholder<TFloat32> image = imagePlaceholder(tf, 8, 8, 2);
            Placeholder<TFloat32> threeByThree = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 3, 2, 4)));
            Placeholder<TFloat32> fiveByFive = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(5, 5, 2, 4)));
            Placeholder<TFloat32> wrongChannels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 3, 3, 4)));
            assertThrows(IllegalArgumentException.class,
                    () -> WinogradConvolution.apply(tf, unknownSide, threeByThree, Tile.F2X2));
            assertThrows(IllegalArgumentException.class, () -> WinogradConvolution.apply(tf, image, fiveByFive, Tile.F2X2));
            assertThrows(IllegalArgumentException.class, () -> WinogradConvolution.apply(tf, image, wrongChannels, Tile.F4X4));
        }
    }

    private static Placeholder<TFloat32> imagePlaceholder(Ops tf, int height, int width, int channels) {
        return tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, height, width, channels)));
    }

    private static Operand<TFloat32> direct(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel) {
        return tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
    }

    /** d/dx and d/dkernel of sum(y * r). */
    @SuppressWarnings("unchecked")
    private static List<Operand<TFloat32>> gradients(Graph graph, Ops tf, Operand<TFloat32> y, Operand<TFloat32> r,
                                                     Operand<TFloat32> x, Operand<TFloat32> kernel) {
        Operand<TFloat32> loss = tf.sum(tf.math.mul(y, r), tf.constant(new int[] {0, 1, 2, 3}));
        Output<?>[] grads = graph.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput(), kernel.asOutput()});
        return List.of((Output<TFloat32>) grads[0], (Output<TFloat32>) grads[1]);
    }

    private static Result fetchAll(Session.Runner runner, List<Operand<TFloat32>> outputs) {
        outputs.forEach(runner::fetch);
        return runner.run();
    }

    /** max |actual - expected| / max |expected|. */
    private static double relativeError(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double largest = 0;
        double difference = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            difference = Math.max(difference, Math.abs((double) actual[i] - expected[i]));
        }
        return difference / largest;
    }

    private static float[] gaussian(SplittableRandom random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
