package org.diffusion4j.interop;

import java.nio.file.Path;
import java.util.Map;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Sessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A one-layer digit classifier written as a SavedModel by TF Java, shaped like an ordinary Keras export (signature
 * serving_default, tag serve, no card, no diffusion4j manifest), so card inference is tested without shared models.
 * Its weights are seeded, so a test can compute the expected scores in Java.
 */
final class TinyClassifier {

    /** What the graph puts after the dense layer. */
    enum Head { SOFTMAX, LOGITS, SIGMOID }

    /** Input layouts an MNIST classifier may declare. */
    enum Input {
        FLAT(-1, 784), IMAGE(-1, 28, 28), CHANNEL(-1, 28, 28, 1);

        final long[] dims;

        Input(long... dims) {
            this.dims = dims;
        }
    }

    private TinyClassifier() {
    }

    /** Exports the model into {@code dir} and returns its weights: "w" [784, 10] and "b" [10]. */
    static Map<String, ParameterValue> export(Path dir, Input input, Head head) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            var w = params.create("w", new long[] {784, 10}, ParameterStore.Init.WEIGHT, 784, 10);
            var b = params.create("b", new long[] {10}, ParameterStore.Init.WEIGHT, 10, 10);
            Placeholder<TFloat32> x = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(input.dims)));
            Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, 784}));
            Operand<TFloat32> logits = tf.nn.biasAdd(tf.linalg.matMul(flat, w), b);
            Operand<TFloat32> out = switch (head) {
                case SOFTMAX -> tf.nn.softmax(logits);
                case LOGITS -> logits;
                case SIGMOID -> tf.math.sigmoid(logits);
            };
            Map<String, ParameterValue> weights = params.initialValues(21);
            try (Session session = Sessions.create(graph, 1)) {
                params.load(session, weights, false);
                SavedModelBundle.exporter(dir.toString()).withTags("serve").withSession(session)
                        .withSignature(Signature.builder("serving_default").methodName("tensorflow/serving/predict")
                                .input("images", x).output("scores", out).build())
                        .export();
            }
            return weights;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Softmax of the dense layer for model pixels in {@code [n * 784]}, computed in Java. */
    static float[] expectedProbabilities(Map<String, ParameterValue> weights, float[] modelPixels) {
        float[] w = weights.get("w").values();
        float[] b = weights.get("b").values();
        int n = modelPixels.length / 784;
        float[] out = new float[n * 10];
        for (int i = 0; i < n; i++) {
            double[] z = new double[10];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 10; k++) {
                z[k] = b[k];
                for (int p = 0; p < 784; p++) {
                    z[k] += modelPixels[i * 784 + p] * w[p * 10 + k];
                }
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                sum += Math.exp(z[k] - max);
            }
            for (int k = 0; k < 10; k++) {
                out[i * 10 + k] = (float) (Math.exp(z[k] - max) / sum);
            }
        }
        return out;
    }
}
