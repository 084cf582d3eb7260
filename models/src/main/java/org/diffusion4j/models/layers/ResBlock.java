package org.diffusion4j.models.layers;

import org.diffusion4j.models.graph.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Document 000's ResBlock: a ConvEmbed, then conv3x3, GroupNorm and swish, plus a skip path that is the
 * identity or, when the channel count changes, a 3x3 convolution.
 */
public final class ResBlock implements TimeConditionedBlock {

    private final Ops tf;
    private final ConvEmbed inLayers;
    private final Conv2D outConv;
    private final GroupNorm outNorm;
    private final Conv2D skipTransform;

    public ResBlock(ParameterStore params, String name, int inChannels, int outChannels, int embeddingDim, int groups) {
        this.tf = params.ops();
        this.inLayers = new ConvEmbed(params, name + ".in", inChannels, outChannels, embeddingDim, groups);
        this.outConv = new Conv2D(params, name + ".out.conv", 3, outChannels, outChannels);
        // The norm's scale and shift close the residual branch: at zero the block starts as its skip path.
        this.outNorm = new GroupNorm(params.closingBranch(), name + ".out.norm", outChannels, groups);
        this.skipTransform = inChannels == outChannels ? null : new Conv2D(params, name + ".skip", 3, inChannels, outChannels);
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> x, Operand<TFloat32> embedding, int height, int width) {
        Operand<TFloat32> h = inLayers.apply(x, embedding, height, width);
        h = Activations.swish(tf, outNorm.apply(outConv.apply(h), height, width));
        return tf.math.add(h, skipTransform == null ? x : skipTransform.apply(x));
    }
}
