package org.diffusion4j.interop.export;

import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Deterministic DDIM (eta 0, x0 clipped to [-1, 1]) written into the graph, one U-Net call per step,
 * unrolled because TF Java's while loops cannot capture the U-Net's variables. It follows
 * {@link DdimSampler} formula for formula and visits the same timesteps, so the two agree up to float
 * rounding.
 */
final class InGraphDdim {

    private InGraphDdim() {
    }

    /** How the unrolled loop gets its noise prediction for (x_t, t): the network, or the network under guidance. */
    @FunctionalInterface
    interface NoisePrediction {
        Operand<TFloat32> apply(Operand<TFloat32> noisyImages, Operand<TInt32> timesteps);
    }

    /**
     * sequence: the timesteps DdimSampler visits (decreasing); noise: float [-1,H,W,C] (x_T) in the network's units; returns
     * images in [0, 1]. {@code pixelScale}: the network's data
     * units relative to [-1, 1] pixels (NetworkConfig.pixelScale), undone before the images leave the graph.
     */
    static Operand<TFloat32> build(Ops tf, NoisePrediction network, NoiseSchedule schedule, int[] sequence, Operand<TFloat32> noise,
                                   double pixelScale) {
        // The batch size is only known when a request arrives: read it from the noise at run time.
        Operand<TInt32> batch = tf.slice(tf.shape(noise), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
        Operand<TFloat32> x = noise;
        for (int step = 0; step < sequence.length; step++) {
            x = step(tf, network, schedule, sequence, step, x, batch);
        }
        return toUnit(tf, x, pixelScale, "images");
    }

    /**
     * One deterministic DDIM step from x at {@code sequence[step]} to the next visited timestep (after the last: the clean
     * images), formula for formula as {@link DdimSampler} takes it; {@code batch} is the request's batch size as a 1-vector.
     */
    static Operand<TFloat32> step(Ops tf, NoisePrediction network, NoiseSchedule schedule, int[] sequence, int step, Operand<TFloat32> x,
                                  Operand<TInt32> batch) {
        int t = sequence[step];
        float signalRate = (float) schedule.signalRate(t);
        float noiseRate = (float) schedule.noiseRate(t);
        boolean last = step + 1 == sequence.length;
        // The next level's own rates, as DdimSampler takes them: right on the geometric chain too.
        float nextSignalRate = last ? 1f : (float) schedule.signalRate(sequence[step + 1]);
        float nextNoiseRate = last ? 0f : (float) schedule.noiseRate(sequence[step + 1]);
        Operand<TFloat32> eps = network.apply(x, tf.fill(batch, tf.constant(t)));
        Operand<TFloat32> x0 = tf.math.div(tf.math.sub(x, tf.math.mul(eps, tf.constant(noiseRate))), tf.constant(signalRate));
        x0 = tf.clipByValue(x0, tf.constant(-1f), tf.constant(1f));
        // Recompute eps from the clipped x0 exactly as DdimSampler does, or the two would pull apart.
        eps = tf.math.div(tf.math.sub(x, tf.math.mul(x0, tf.constant(signalRate))), tf.constant(noiseRate));
        return tf.math.add(tf.math.mul(x0, tf.constant(nextSignalRate)), tf.math.mul(eps, tf.constant(nextNoiseRate)));
    }

    /** Images in the network's units as [0, 1] pixels, the pixel scale undone, named {@code name}. */
    static Operand<TFloat32> toUnit(Ops tf, Operand<TFloat32> x, double pixelScale, String name) {
        Operand<TFloat32> pixels = pixelScale != 1 ? tf.math.div(x, tf.constant((float) pixelScale)) : x;
        Operand<TFloat32> unit = tf.math.mul(tf.math.add(pixels, tf.constant(1f)), tf.constant(0.5f));
        return tf.withName(name).clipByValue(unit, tf.constant(0f), tf.constant(1f));
    }
}
