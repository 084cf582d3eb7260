package org.diffusion4j.models.networks;

import org.diffusion4j.core.classifiers.ClassifierInput;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.layers.Conv2D;
import org.diffusion4j.models.layers.Dense;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * LeNet-5 as document 000 lists it: 5x5 conv to 6 channels (relu, no padding), 2x2 max-pool, 5x5 conv to 16
 * channels (relu, no padding), 2x2 max-pool, then dense layers to 120, 84 and the classes with relu between.
 * For MNIST ({@link ClassifierInput#MNIST}) that is 44,426 parameters; on an image folder the same layers take the
 * folder's size, channels and classes. Besides the logits it exposes the 84-wide penultimate activations, the
 * feature space in which the Fréchet LeNet Distance compares real and generated images.
 */
public final class LeNet5 {

    public static final int IMAGE_SIZE = 28;
    public static final int CLASSES = 10;
    public static final int FEATURES = 84;

    /** LeNet-5's convolutions pad nothing: the side shrinks by 4 each time, as the sizes above need. */
    private static final Conv2D.Options VALID = Conv2D.Options.DEFAULT.withPadding(Conv2D.Padding.VALID);

    private final Ops tf;
    private final int flattened;
    private final Conv2D conv1;
    private final Conv2D conv2;
    private final Dense dense1;
    private final Dense dense2;
    private final Dense output;

    /** Values per image after the second pooling, the first dense layer's width, for images of side {@code imageSize}. */
    static int flattened(int imageSize) {
        int side = ((imageSize - 4) / 2 - 4) / 2;
        return side * side * 16;
    }

    /** Refuses sizes that do not survive both convolution-and-pooling rounds evenly. */
    public static ClassifierInput requireReadable(ClassifierInput input) {
        int afterFirst = input.imageSize() - 4;
        int afterSecond = afterFirst / 2 - 4;
        if (input.imageSize() < 16 || afterFirst % 2 != 0 || afterSecond % 2 != 0) {
            throw new IllegalArgumentException("LeNet-5 cannot read " + input.imageSize() + "x" + input.imageSize() + " images: its side must "
                    + "be at least 16 and stay even through two 5x5 convolutions and 2x2 poolings (28, 32, 40, 48, 56, 64, ...)");
        }
        return input;
    }

    /** What one forward pass produces. */
    public record Outputs(Operand<TFloat32> logits, Operand<TFloat32> features) {
    }

    /** Document 000's LeNet-5 for MNIST. */
    public LeNet5(ParameterStore params) {
        this(params, ClassifierInput.MNIST);
    }

    public LeNet5(ParameterStore params, ClassifierInput input) {
        this.tf = params.ops();
        this.flattened = flattened(requireReadable(input).imageSize());
        this.conv1 = new Conv2D(params, "lenet_conv1", 5, input.channels(), 6, VALID);
        this.conv2 = new Conv2D(params, "lenet_conv2", 5, 6, 16, VALID);
        this.dense1 = new Dense(params, "lenet_dense1", flattened, 120);
        this.dense2 = new Dense(params, "lenet_dense2", 120, FEATURES);
        this.output = new Dense(params, "lenet_output", FEATURES, input.classes());
    }

    /** images: [batch, size, size, channels] with pixels in [-1, 1]. */
    public Outputs apply(Operand<TFloat32> images) {
        Operand<TFloat32> h = maxPool(tf.nn.relu(conv1.apply(images)));
        h = maxPool(tf.nn.relu(conv2.apply(h)));
        h = tf.reshape(h, tf.constant(new int[] {-1, flattened}));
        h = tf.nn.relu(dense1.apply(h));
        Operand<TFloat32> features = tf.nn.relu(dense2.apply(h));
        return new Outputs(output.apply(features), features);
    }

    private Operand<TFloat32> maxPool(Operand<TFloat32> x) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }
}
