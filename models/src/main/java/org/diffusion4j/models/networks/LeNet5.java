package org.diffusion4j.models.networks;

import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.layers.Conv2D;
import org.diffusion4j.models.layers.Dense;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * LeNet-5 as document 000 lists it, for 28x28 single-channel digits: 5x5 conv 1->6 (relu, no padding),
 * 2x2 max-pool, 5x5 conv 6->16 (relu, no padding), 2x2 max-pool, then dense 256->120->84->10 with relu
 * between. 44,426 parameters. Besides the logits it exposes the 84-wide penultimate activations, the
 * feature space in which the Fréchet LeNet Distance compares real and generated digits.
 */
public final class LeNet5 {

    public static final int IMAGE_SIZE = 28;
    public static final int CLASSES = 10;
    public static final int FEATURES = 84;

    /** 28 -> 24 (conv) -> 12 (pool) -> 8 (conv) -> 4 (pool), 16 channels. */
    private static final int FLATTENED = 4 * 4 * 16;

    /** LeNet-5's convolutions pad nothing: the side shrinks by 4 each time, as the sizes above need. */
    private static final Conv2D.Options VALID = Conv2D.Options.DEFAULT.withPadding(Conv2D.Padding.VALID);

    private final Ops tf;
    private final Conv2D conv1;
    private final Conv2D conv2;
    private final Dense dense1;
    private final Dense dense2;
    private final Dense output;

    /** What one forward pass produces. */
    public record Outputs(Operand<TFloat32> logits, Operand<TFloat32> features) {
    }

    public LeNet5(ParameterStore params) {
        this.tf = params.ops();
        this.conv1 = new Conv2D(params, "lenet_conv1", 5, 1, 6, VALID);
        this.conv2 = new Conv2D(params, "lenet_conv2", 5, 6, 16, VALID);
        this.dense1 = new Dense(params, "lenet_dense1", FLATTENED, 120);
        this.dense2 = new Dense(params, "lenet_dense2", 120, FEATURES);
        this.output = new Dense(params, "lenet_output", FEATURES, CLASSES);
    }

    /** images: [batch, 28, 28, 1] with pixels in [-1, 1]. */
    public Outputs apply(Operand<TFloat32> images) {
        Operand<TFloat32> h = maxPool(tf.nn.relu(conv1.apply(images)));
        h = maxPool(tf.nn.relu(conv2.apply(h)));
        h = tf.reshape(h, tf.constant(new int[] {-1, FLATTENED}));
        h = tf.nn.relu(dense1.apply(h));
        Operand<TFloat32> features = tf.nn.relu(dense2.apply(h));
        return new Outputs(output.apply(features), features);
    }

    private Operand<TFloat32> maxPool(Operand<TFloat32> x) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }
}
