package org.diffusion4j.models.layers;

import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterStore.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A learned table of vectors looked up by index (class labels, token positions). Its rows are drawn like
 * a weight with fan-in equal to the vector size, so under the fan-in schemes they start within
 * +-1/sqrt(dimension), small next to the activations they are added to.
 */
public final class Embedding {

    private final Ops tf;
    private final Variable<TFloat32> table;

    public Embedding(ParameterStore params, String name, int rows, int dimension) {
        this.tf = params.ops();
        this.table = params.create(name + ".table", new long[] {rows, dimension}, Init.WEIGHT, dimension, dimension);
    }

    /** The whole table, [rows, dimension] (learned position embeddings are added as they are). */
    public Operand<TFloat32> table() {
        return table;
    }

    /** indices: any int32 shape; returns that shape plus the dimension. */
    public Operand<TFloat32> apply(Operand<TInt32> indices) {
        return tf.gather(table, indices, tf.constant(0));
    }
}
