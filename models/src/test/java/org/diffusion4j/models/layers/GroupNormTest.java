package org.diffusion4j.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
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

/** The graph's GroupNorm (written for speed) against the textbook definition computed in double. */
class GroupNormTest {

    @Test
    void matchesTheDefinition() {
        int batch = 3, height = 5, width = 4, channels = 12, groups = 4;
        SplittableRandom random = new SplittableRandom(2);
        float[] x = gaussian(random, batch * height * width * channels, 2, 1.5); // a mean away from 0, as after a convolution
        float[] gamma = new float[channels];
        float[] beta = new float[channels];
        for (int c = 0; c < channels; c++) {
            gamma[c] = (float) random.nextGaussian();
            beta[c] = (float) random.nextGaussian();
        }
        float[] actual;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            GroupNorm norm = new GroupNorm(params, "norm", channels, groups);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, height, width, channels)));
            Operand<TFloat32> output = norm.apply(input, height, width);
            Map<String, ParameterValue> values = new LinkedHashMap<>();
            values.put("norm.gamma", new ParameterValue(new long[] {channels}, gamma));
            values.put("norm.beta", new ParameterValue(new long[] {channels}, beta));
            params.load(session, values, false);
            try (TFloat32 in = Tensors.floats(x, batch, height, width, channels);
                 Result result = session.runner().feed(input, in).fetch(output).run()) {
                actual = Tensors.toArray((TFloat32) result.get(0));
            }
        }
        int perGroup = channels / groups;
        for (int b = 0; b < batch; b++) {
            for (int g = 0; g < groups; g++) {
                double sum = 0;
                double squares = 0;
                int n = 0;
                for (int p = 0; p < height * width; p++) {
                    for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
                        double v = x[(b * height * width + p) * channels + c];
                        sum += v;
                        n++;
                    }
                }
                double mean = sum / n;
                for (int p = 0; p < height * width; p++) {
                    for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
                        double d = x[(b * height * width + p) * channels + c] - mean;
                        squares += d * d;
                    }
                }
                double inverseStd = 1 / Math.sqrt(squares / n + 1e-5);
                for (int p = 0; p < height * width; p++) {
                    for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
                        int i = (b * height * width + p) * channels + c;
                        double expected = (x[i] - mean) * inverseStd * gamma[c] + beta[c];
                        assertEquals(expected, actual[i], 1e-4 * Math.max(1, Math.abs(expected)), "element " + i);
                    }
                }
            }
        }
    }

    /** The folded per-image shift equals adding it after the norm (which the test above checks). */
    @Test
    void perImageShiftEqualsAddingItAfterTheNorm() {
        int batch = 3, height = 4, width = 4, channels = 8, groups = 2;
        SplittableRandom random = new SplittableRandom(5);
        float[] x = gaussian(random, batch * height * width * channels, 3, -1);
        float[] shift = gaussian(random, batch * channels, 1, 0);
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            GroupNorm norm = new GroupNorm(params, "norm", channels, groups);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, height, width, channels)));
            Placeholder<TFloat32> perImage = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, channels)));
            Operand<TFloat32> folded = norm.apply(input, height, width, perImage);
            Operand<TFloat32> added = tf.math.add(norm.apply(input, height, width),
                    tf.reshape(perImage, tf.constant(new int[] {-1, 1, 1, channels})));
            Map<String, ParameterValue> values = new LinkedHashMap<>();
            float[] gamma = gaussian(random, channels, 1, 0);
            float[] beta = gaussian(random, channels, 1, 0);
            values.put("norm.gamma", new ParameterValue(new long[] {channels}, gamma));
            values.put("norm.beta", new ParameterValue(new long[] {channels}, beta));
            params.load(session, values, false);
            try (TFloat32 in = Tensors.floats(x, batch, height, width, channels);
                 TFloat32 shifts = Tensors.floats(shift, batch, channels);
                 Result result = session.runner().feed(input, in).feed(perImage, shifts).fetch(folded).fetch(added).run()) {
                float[] foldedValues = Tensors.toArray((TFloat32) result.get(0));
                float[] addedValues = Tensors.toArray((TFloat32) result.get(1));
                for (int i = 0; i < x.length; i++) {
                    assertEquals(addedValues[i], foldedValues[i], 1e-5 * Math.max(1, Math.abs(addedValues[i])), "element " + i);
                }
            }
        }
    }

    private static float[] gaussian(SplittableRandom random, int length, double spread, double mean) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (random.nextGaussian() * spread + mean);
        }
        return values;
    }
}
