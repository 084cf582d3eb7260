package org.diffusion4j.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The feed-forward block with the depthwise convolution over the token grid, against a plain-Java definition. */
class MlpTest {

    private static final int BATCH = 2, GRID = 3, TOKENS = GRID * GRID, WIDTH = 4, HIDDEN = 5;

    @Test
    void theConvolutionMixesEachTokenWithItsGridNeighboursOnly() {
        SplittableRandom random = new SplittableRandom(11);
        float[] x = gaussians(random, BATCH * TOKENS * WIDTH);
        float[] w1 = gaussians(random, WIDTH * HIDDEN), b1 = gaussians(random, HIDDEN);
        float[] dw = gaussians(random, 9 * HIDDEN), dwBias = gaussians(random, HIDDEN);
        float[] w2 = gaussians(random, HIDDEN * WIDTH), b2 = gaussians(random, WIDTH);
        Map<String, ParameterValue> weights = Map.of(
                "mlp.fc1.kernel", new ParameterValue(new long[] {WIDTH, HIDDEN}, w1),
                "mlp.fc1.bias", new ParameterValue(new long[] {HIDDEN}, b1),
                "mlp.mixing.kernel", new ParameterValue(new long[] {3, 3, HIDDEN, 1}, dw),
                "mlp.mixing.bias", new ParameterValue(new long[] {HIDDEN}, dwBias),
                "mlp.fc2.kernel", new ParameterValue(new long[] {HIDDEN, WIDTH}, w2),
                "mlp.fc2.bias", new ParameterValue(new long[] {WIDTH}, b2));
        float[] actual;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            Mlp mlp = new Mlp(params, "mlp", WIDTH, HIDDEN, false, GRID);
            assertEquals(Mlp.parameterCount(WIDTH, HIDDEN, true), params.trainableParameterCount());
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, TOKENS, WIDTH)));
            Operand<TFloat32> output = mlp.apply(input, TOKENS);
            params.load(session, weights, false);
            try (TFloat32 in = Tensors.floats(x, BATCH, TOKENS, WIDTH);
                 Result result = session.runner().feed(input, in).fetch(output).run()) {
                actual = Tensors.toArray((TFloat32) result.get(0));
            }
        }
        for (int b = 0; b < BATCH; b++) {
            double[][] hidden = new double[TOKENS][HIDDEN];
            for (int t = 0; t < TOKENS; t++) {
                for (int j = 0; j < HIDDEN; j++) {
                    double sum = b1[j];
                    for (int i = 0; i < WIDTH; i++) {
                        sum += x[(b * TOKENS + t) * WIDTH + i] * w1[i * HIDDEN + j];
                    }
                    hidden[t][j] = sum;
                }
            }
            for (int t = 0; t < TOKENS; t++) {
                int row = t / GRID, col = t % GRID;
                double[] mixed = new double[HIDDEN];
                for (int j = 0; j < HIDDEN; j++) {
                    double sum = hidden[t][j] + dwBias[j];
                    // Zero padding at the border: neighbours outside the grid contribute nothing.
                    for (int du = -1; du <= 1; du++) {
                        for (int dv = -1; dv <= 1; dv++) {
                            int r = row + du, c = col + dv;
                            if (r >= 0 && r < GRID && c >= 0 && c < GRID) {
                                sum += hidden[r * GRID + c][j] * dw[((du + 1) * 3 + (dv + 1)) * HIDDEN + j];
                            }
                        }
                    }
                    mixed[j] = 0.5 * sum * (1 + erf(sum / Math.sqrt(2)));
                }
                for (int i = 0; i < WIDTH; i++) {
                    double expected = b2[i];
                    for (int j = 0; j < HIDDEN; j++) {
                        expected += mixed[j] * w2[j * WIDTH + i];
                    }
                    int k = (b * TOKENS + t) * WIDTH + i;
                    assertEquals(expected, actual[k], 1e-4 * Math.max(1, Math.abs(expected)), "image " + b + " token " + t + " feature " + i);
                }
            }
        }
    }

    private static float[] gaussians(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * 0.5);
        }
        return values;
    }

    /** erf by its Taylor series: exact to double precision for the |x| < 4 these inputs reach. */
    private static double erf(double x) {
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
