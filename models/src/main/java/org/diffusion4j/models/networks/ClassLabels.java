package org.diffusion4j.models.networks;

import org.diffusion4j.models.layers.Embedding;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The label convention shared by the transformers. */
final class ClassLabels {

    private ClassLabels() {
    }

    /**
     * The label embedding of each image, or null for an unconditional network. Like the U-Net, a conditional
     * network needs labels; "no label" is the index classes, which the caller passes explicitly.
     */
    static Operand<TFloat32> labelVector(Embedding table, int classes, Operand<TInt32> labels) {
        if (table == null) {
            if (labels != null) {
                throw new IllegalArgumentException("this network was built without classes (classes 0) but was given labels; "
                        + "pass null labels or build it with classes > 0");
            }
            return null;
        }
        if (labels == null) {
            throw new IllegalArgumentException("this network is conditioned on " + classes + " classes and needs labels (" + classes
                    + " means \"no label\")");
        }
        return table.apply(labels);
    }
}
