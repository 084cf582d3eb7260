package org.diffusion4j.models.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A U-Net block: NHWC features and the time embedding in, features out. */
public interface TimeConditionedBlock {

    Operand<TFloat32> apply(Operand<TFloat32> x, Operand<TFloat32> embedding, int height, int width);
}
