package org.diffusion4j.interop.keras;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterStore.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The Keras-trained tw-diffusion denoiser (130,595 parameters) rebuilt in TF Java, layer for layer as the
 * exported copy's graph shows: on a 32x32 input whose second channel is the time code, four 3x3 stride-2
 * ReLU convolutions (8, 16, 32, 40 channels) down to 2x2, flatten, dense 160 and dense 10 (both ReLU),
 * their concatenation through dense 160, reshaped to 2x2x40; then four 3x3 stride-2 transposed
 * convolutions (40, 32, 16, 8) each fed the concatenation with the matching encoder output, a 3x3
 * stride-1 transposed convolution to 1 channel and tanh. Variable names are the checkpoint's Keras paths
 * with '_' for '/' ("encoder_layers_0_kernel"); the missing indices (encoder 4, decoder 1) are Flatten and
 * Reshape, which have no weights.
 */
public final class TwDiffusionNet {

    public static final int SIZE = 32;
    public static final int TIMESTEPS = 250;

    private static final int[] ENCODER_CHANNELS = {8, 16, 32, 40};
    private static final String KEY_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE";

    private final Ops tf;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();

    public TwDiffusionNet(ParameterStore params) {
        this.tf = params.ops();
        int in = 2;
        for (int i = 0; i < 4; i++) {
            add(params, "encoder_layers_" + i, new long[] {3, 3, in, ENCODER_CHANNELS[i]}, 3);
            in = ENCODER_CHANNELS[i];
        }
        add(params, "encoder_layers_5", new long[] {160, 160}, 1);
        add(params, "encoder_layers_6", new long[] {160, 10}, 1);
        add(params, "decoder_layers_0", new long[] {170, 160}, 1);
        // Transposed convolution kernels are [h, w, out, in]; in = upsampled channels + skip channels.
        add(params, "decoder_layers_2", new long[] {3, 3, 40, 80}, 2);
        add(params, "decoder_layers_3", new long[] {3, 3, 32, 72}, 2);
        add(params, "decoder_layers_4", new long[] {3, 3, 16, 48}, 2);
        add(params, "decoder_layers_5", new long[] {3, 3, 8, 24}, 2);
        add(params, "decoder_layers_6", new long[] {3, 3, 1, 8}, 2);
    }

    /** outputAxis: where the kernel keeps its output channels (3 for conv, 2 for transposed conv, 1 for dense). */
    private void add(ParameterStore params, String layer, long[] kernelShape, int outputAxis) {
        long outputs = kernelShape[outputAxis];
        long fanIn = 1;
        for (long d : kernelShape) {
            fanIn *= d;
        }
        fanIn /= outputs;
        variables.put(layer + "_kernel", params.create(layer + "_kernel", kernelShape, Init.WEIGHT, fanIn, outputs));
        variables.put(layer + "_bias", params.create(layer + "_bias", new long[] {outputs}, Init.ZEROS, 0, 0));
    }

    /** Variable name to checkpoint key, e.g. encoder_layers_0_kernel -> encoder_layers/0/kernel/.ATTRIBUTES/VARIABLE_VALUE. */
    public Map<String, String> checkpointKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String name : variables.keySet()) {
            String[] parts = name.split("_");
            // encoder, layers, 0, kernel -> encoder_layers/0/kernel
            keys.put(name, parts[0] + "_" + parts[1] + "/" + parts[2] + "/" + parts[3] + KEY_SUFFIX);
        }
        return keys;
    }

    /** embedded: [-1, 32, 32, 2] (image, time code); returns the predicted per-step noise [-1, 32, 32, 1]. */
    public Operand<TFloat32> apply(Operand<TFloat32> embedded) {
        Operand<TInt32> batch = tf.slice(tf.shape(embedded), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
        Operand<TFloat32>[] skips = newArray(4);
        Operand<TFloat32> h = embedded;
        for (int i = 0; i < 4; i++) {
            h = relu(tf.nn.biasAdd(tf.nn.conv2d(h, kernel("encoder_layers_" + i), List.of(1L, 2L, 2L, 1L), "SAME"), bias("encoder_layers_" + i)));
            skips[i] = h;
        }
        Operand<TFloat32> flat = tf.reshape(h, tf.constant(new int[] {-1, 160}));
        Operand<TFloat32> dense5 = relu(dense(flat, "encoder_layers_5"));
        Operand<TFloat32> dense6 = relu(dense(dense5, "encoder_layers_6"));
        Operand<TFloat32> decoded = relu(dense(tf.concat(List.of(dense6, dense5), tf.constant(-1)), "decoder_layers_0"));
        h = tf.reshape(decoded, tf.constant(new int[] {-1, 2, 2, 40}));
        int size = 2;
        for (int i = 0; i < 4; i++) {
            size *= 2;
            String layer = "decoder_layers_" + (i + 2);
            Operand<TFloat32> input = tf.concat(List.of(h, skips[3 - i]), tf.constant(-1));
            h = relu(transposedConv(input, layer, batch, size, (int) variables.get(layer + "_kernel").shape().size(2), 2));
        }
        return tf.math.tanh(transposedConv(h, "decoder_layers_6", batch, SIZE, 1, 1));
    }

    private Operand<TFloat32> transposedConv(Operand<TFloat32> x, String layer, Operand<TInt32> batch, int size, int channels, long stride) {
        Operand<TInt32> outputShape = tf.concat(List.of(batch, tf.constant(new int[] {size, size, channels})), tf.constant(0));
        return tf.nn.biasAdd(tf.nn.conv2dBackpropInput(outputShape, kernel(layer), x, List.of(1L, stride, stride, 1L), "SAME"), bias(layer));
    }

    private Operand<TFloat32> dense(Operand<TFloat32> x, String layer) {
        return tf.nn.biasAdd(tf.linalg.matMul(x, kernel(layer)), bias(layer));
    }

    private Operand<TFloat32> relu(Operand<TFloat32> x) {
        return tf.nn.relu(x);
    }

    private Variable<TFloat32> kernel(String layer) {
        return variables.get(layer + "_kernel");
    }

    private Variable<TFloat32> bias(String layer) {
        return variables.get(layer + "_bias");
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32>[] newArray(int n) {
        return (Operand<TFloat32>[]) new Operand[n];
    }
}
