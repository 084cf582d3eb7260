package org.diffusion4j.models.layers;

import org.diffusion4j.models.graph.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Document 000's ConvEmbed block: swish(GroupNorm(conv3x3(x)) + Dense(swish(embedding))), the time
 * embedding added per channel.
 */
public final class ConvEmbed implements TimeConditionedBlock {

    private final Ops tf;
    private final Conv2D conv;
    private final GroupNorm norm;
    private final Dense embedProjection;

    public ConvEmbed(ParameterStore params, String name, int inChannels, int outChannels, int embeddingDim, int groups) {
        this.tf = params.ops();
        this.conv = new Conv2D(params, name + ".conv", 3, inChannels, outChannels);
        this.norm = new GroupNorm(params, name + ".norm", outChannels, groups);
        this.embedProjection = new Dense(params, name + ".embed", embeddingDim, outChannels);
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x, Operand<TFloat32> embedding, int height, int width) {
        Operand<TFloat32> perChannel = embedProjection.apply(Activations.swish(tf, embedding));
        return Activations.swish(tf, norm.apply(conv.apply(x), height, width, perChannel));
    }
}
