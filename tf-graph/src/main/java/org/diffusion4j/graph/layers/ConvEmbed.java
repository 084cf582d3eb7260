package org.diffusion4j.graph.layers;

import org.diffusion4j.graph.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Document 000's ConvEmbed block: swish(GroupNorm(conv3x3(x)) + Dense(swish(embedding))), the time
 * embedding added per channel.
 */
public final class ConvEmbed implements TimeConditionedBlock {

    private final Ops tf;
    private final int outChannels;
    private final Conv2D conv;
    private final GroupNorm norm;
    private final Dense embedProjection;

    public ConvEmbed(ParameterStore params, String name, int inChannels, int outChannels, int embeddingDim, int groups) {
        this.tf = params.ops();
        this.outChannels = outChannels;
        this.conv = new Conv2D(params, name + ".conv", 3, inChannels, outChannels);
        this.norm = new GroupNorm(params, name + ".norm", outChannels, groups);
        this.embedProjection = new Dense(params, name + ".embed", embeddingDim, outChannels);
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x, Operand<TFloat32> embedding, int height, int width) {
        Operand<TFloat32> h = norm.apply(conv.apply(x), height, width);
        Operand<TFloat32> perChannel = tf.reshape(embedProjection.apply(Activations.swish(tf, embedding)),
                tf.constant(new int[] {-1, 1, 1, outChannels}));
        return Activations.swish(tf, tf.math.add(h, perChannel));
    }
}
