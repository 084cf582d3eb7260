package org.diffusion4j.models.layers;

import org.diffusion4j.models.graph.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Sinusoidal table of the integer timesteps (a constant, not trained) followed by Dense(gelu) and Dense,
 * as in document 000. The table holds sin in the first half of the features and cos in the second.
 */
public final class TimeEmbedding {

    private final Ops tf;
    private final Operand<TFloat32> table;
    private final Dense hidden;
    private final Dense output;

    public TimeEmbedding(ParameterStore params, String name, int timesteps, int dimension) {
        if (dimension % 2 != 0) {
            throw new IllegalArgumentException("time embedding dimension must be even, got " + dimension);
        }
        this.tf = params.ops();
        this.table = tf.constant(sinusoidalTable(timesteps, dimension));
        this.hidden = new Dense(params, name + ".dense1", dimension, dimension);
        this.output = new Dense(params, name + ".dense2", dimension, dimension);
    }

    public static float[][] sinusoidalTable(int timesteps, int dimension) {
        int half = dimension / 2;
        float[][] table = new float[timesteps][dimension];
        for (int t = 0; t < timesteps; t++) {
            for (int i = 0; i < half; i++) {
                double frequency = Math.exp(-Math.log(10000.0) * i / Math.max(1, half - 1));
                table[t][i] = (float) Math.sin(t * frequency);
                table[t][half + i] = (float) Math.cos(t * frequency);
            }
        }
        return table;
    }

    /** timesteps: [batch] int32 in 0..T-1; returns [batch, dimension]. */
    public Operand<TFloat32> apply(Operand<TInt32> timesteps) {
        Operand<TFloat32> sinusoids = tf.gather(table, timesteps, tf.constant(0));
        return output.apply(Activations.gelu(tf, hidden.apply(sinusoids)));
    }
}
