package org.diffusion4j.graph.models;

import org.diffusion4j.graph.layers.Embedding;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The label convention shared by the transformers. */
final class Conditioning {

    private Conditioning() {
    }

    /**
     * The label embedding of each image, or null for an unconditional network. A class-conditional network
     * given null labels embeds "no label" (index classes) for every image.
     */
    static Operand<TFloat32> labelVector(Ops tf, Embedding table, int classes, Operand<TInt32> timesteps, Operand<TInt32> labels) {
        if (table == null) {
            if (labels != null) {
                throw new IllegalArgumentException("this network was built without classes (classes 0) but was given labels; "
                        + "pass null labels or build it with classes > 0");
            }
            return null;
        }
        Operand<TInt32> indices = labels != null ? labels : tf.fill(tf.shape(timesteps), tf.constant(classes));
        return table.apply(indices);
    }
}
