package org.diffusion4j.models.networks;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A network that predicts the noise in a batch of noisy NHWC images: the U-Net or a transformer.
 * Building one creates its variables in a {@link org.diffusion4j.models.graph.ParameterStore}; {@link #apply}
 * adds the forward pass, so the trainer, denoisers and exporters need not know which network it is.
 */
public interface DenoisingNetwork {

    /**
     * noisyImages: [batch, height, width, channels]; timesteps: [batch] in 0..T-1; labels: [batch] class
     * indices, where the index equal to the class count means "no label", or null for a network built
     * without classes. Returns the predicted noise, shaped like the images.
     */
    Operand<TFloat32> apply(Operand<TFloat32> noisyImages, Operand<TInt32> timesteps, Operand<TInt32> labels);

    /**
     * The error whose square (or absolute value) the training loss averages: [batch, a, b, c], batch first so that
     * per-image weights broadcast over it. By default the predicted noise minus the true noise, pixel by pixel; a
     * network may instead compare an intermediate prediction with the noise, as document 004's ViT compares every
     * patch copy before the overlaps are averaged.
     */
    default Operand<TFloat32> trainingError(Ops tf, Operand<TFloat32> noisyImages, Operand<TInt32> timesteps,
                                            Operand<TInt32> labels, Operand<TFloat32> noises) {
        return tf.math.sub(apply(noisyImages, timesteps, labels), noises);
    }
}
