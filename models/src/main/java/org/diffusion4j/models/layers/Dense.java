package org.diffusion4j.models.layers;

import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterStore.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A fully connected layer on [batch, features] inputs. */
public final class Dense {

    private final Ops tf;
    private final Variable<TFloat32> weights;
    private final Variable<TFloat32> bias;

    public Dense(ParameterStore params, String name, int inFeatures, int outFeatures) {
        this.tf = params.ops();
        this.weights = params.create(name + ".kernel", new long[] {inFeatures, outFeatures}, Init.WEIGHT, inFeatures, outFeatures);
        this.bias = params.create(name + ".bias", new long[] {outFeatures}, Init.BIAS, inFeatures, 0);
    }

    public Operand<TFloat32> apply(Operand<TFloat32> x) {
        return tf.nn.biasAdd(tf.linalg.matMul(x, weights), bias);
    }
}
