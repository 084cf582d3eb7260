package org.diffusion4j.models.graph;

import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@link Prediction#toNoise} as graph ops: a network that predicts the clean image or v answers with the noise the
 * samplers need, inside the graph, so a run's denoiser and its exported SavedModel give the same noise. The plain-Java
 * form in core is the reference the tests hold these ops to.
 */
public final class PredictionOps {

    private PredictionOps() {
    }

    /**
     * The noise implied by a network's {@code output} for images {@code noisyImages} ([batch, h, w, c]) at {@code timesteps}
     * ([batch]): the output itself for noise predictions, (x_t - signalRate x0) / noiseRate for the clean image, and
     * signalRate v + noiseRate x_t for v.
     */
    public static Operand<TFloat32> toNoise(Ops tf, Prediction prediction, Operand<TFloat32> output, Operand<TFloat32> noisyImages,
                                            Operand<TInt32> timesteps, NoiseSchedule schedule) {
        if (prediction == Prediction.EPS || prediction == Prediction.CHAIN_EPS) {
            return output;
        }
        Operand<TFloat32> signalRate = perImage(tf, schedule, timesteps, true);
        Operand<TFloat32> noiseRate = perImage(tf, schedule, timesteps, false);
        return switch (prediction) {
            case X0 -> tf.math.div(tf.math.sub(noisyImages, tf.math.mul(signalRate, output)), noiseRate);
            case V -> tf.math.add(tf.math.mul(signalRate, output), tf.math.mul(noiseRate, noisyImages));
            default -> throw new IllegalStateException("no noise conversion for " + prediction);
        };
    }

    /** The schedule's signal (or noise) rate at each image's timestep, shaped [batch, 1, 1, 1] to broadcast over its pixels. */
    private static Operand<TFloat32> perImage(Ops tf, NoiseSchedule schedule, Operand<TInt32> timesteps, boolean signal) {
        float[] rates = new float[schedule.timesteps()];
        for (int t = 0; t < rates.length; t++) {
            rates[t] = (float) (signal ? schedule.signalRate(t) : schedule.noiseRate(t));
        }
        return tf.reshape(tf.gather(tf.constant(rates), timesteps, tf.constant(0)), tf.constant(new int[] {-1, 1, 1, 1}));
    }
}
