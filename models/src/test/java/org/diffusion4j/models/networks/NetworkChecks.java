package org.diffusion4j.models.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.Tensors;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Forward and gradient checks shared by the transformer tests. */
final class NetworkChecks {

    private NetworkChecks() {
    }

    /** What one forward run gave: the output and, when asked, each trainable variable's gradient. */
    record Run(Shape shape, float[] output, List<ParameterStore.Entry> variables, float[][] gradients) {
    }

    /**
     * Builds the network on a fresh graph, initialises it with {@code scheme}, feeds a batch of {@code batch}
     * random images with timesteps spread over 0..T-1 (and labels when {@code labelCount} > 0, the last image
     * "no label"), and runs the forward pass; with {@code gradients}, also d(sum(output * r))/d(variable)
     * for a fixed random r, built with Graph.addGradients over every trainable variable.
     */
    static Run run(Function<ParameterStore, DenoisingNetwork> build, int size, int channels, int timesteps, int labelCount,
                   int batch, Initialization scheme, boolean gradients) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            DenoisingNetwork network = build.apply(params);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, channels)));
            Placeholder<TInt32> t = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TInt32> y = labelCount > 0 ? tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))) : null;
            Operand<TFloat32> out = network.apply(x, t, y);
            SplittableRandom random = new SplittableRandom(11);
            float[] pixels = new float[batch * size * size * channels];
            float[] weights = new float[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextGaussian();
                weights[i] = (float) random.nextGaussian();
            }
            List<ParameterStore.Entry> variables = params.trainable();
            Output<?>[] grads = null;
            if (gradients) {
                Operand<TFloat32> loss = tf.sum(tf.math.mul(out, tf.constant(Shape.of(batch, size, size, channels),
                        org.tensorflow.ndarray.buffer.DataBuffers.of(weights, true, false))), tf.constant(new int[] {0, 1, 2, 3}));
                Output<?>[] targets = variables.stream().map(e -> e.variable().asOutput()).toArray(Output<?>[]::new);
                grads = graph.addGradients(loss.asOutput(), targets);
                for (int i = 0; i < grads.length; i++) {
                    assertNotNull(grads[i], "no gradient for " + variables.get(i).name());
                }
            }
            params.load(session, params.initialValues(3, scheme), false);
            int[] steps = new int[batch];
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                steps[i] = (int) ((long) i * (timesteps - 1) / Math.max(1, batch - 1));
                labels[i] = i == batch - 1 ? labelCount : i % Math.max(1, labelCount);
            }
            try (TFloat32 xs = Tensors.floats(pixels, batch, size, size, channels); TInt32 ts = Tensors.ints(steps, batch);
                 TInt32 ys = Tensors.ints(labels, batch)) {
                Session.Runner runner = session.runner().feed(x, xs).feed(t, ts).fetch(out);
                if (y != null) {
                    runner.feed(y, ys);
                }
                if (grads != null) {
                    for (Output<?> g : grads) {
                        runner.fetch(g);
                    }
                }
                try (Result result = runner.run()) {
                    TFloat32 output = (TFloat32) result.get(0);
                    float[][] gradientValues = null;
                    if (grads != null) {
                        gradientValues = new float[grads.length][];
                        for (int i = 0; i < grads.length; i++) {
                            gradientValues[i] = Tensors.toArray((TFloat32) result.get(i + 1));
                        }
                    }
                    return new Run(output.shape(), Tensors.toArray(output), variables, gradientValues);
                }
            }
        }
    }

    static void assertFiniteAndNotAllZero(float[] values, String what) {
        boolean nonZero = false;
        for (float v : values) {
            assertTrue(Float.isFinite(v), what + " has a non-finite value");
            nonZero |= v != 0;
        }
        assertTrue(nonZero, what + " is all zero");
    }

    /** Every trainable variable gets a finite gradient that is not zero everywhere. */
    static void assertEveryVariableLearns(Run run) {
        for (int i = 0; i < run.variables().size(); i++) {
            assertFiniteAndNotAllZero(run.gradients()[i], "gradient of " + run.variables().get(i).name());
        }
    }

    static void assertAllZero(float[] values) {
        for (float v : values) {
            assertEquals(0f, v, 0f);
        }
    }

}
