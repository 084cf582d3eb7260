package org.diffusion4j.interop.export;

import org.diffusion4j.core.schedules.NoiseSchedule;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Image editing written into the graph: the deterministic DDIM of {@link InGraphDdim} (the same timesteps and formulas),
 * started from a given image noised to the step {@code startStep} names (image-to-image) and with the pixels a mask keeps
 * replaced, before every step, by the image noised to that step's timestep (inpainting). The noise is an input, so a served
 * edit is reproducible, and the kept pixels are noised with it at every step. The loop is unrolled for the variables'
 * sake, so the skipped steps are gated (computed, then discarded), not saved: an edit costs a full sample.
 */
final class InGraphEdit {

    /** The edit's inputs: image in [0, 1], mask (1 repaints), noise N(0, 1), and the first DDIM step to take. */
    record Inputs(Operand<TFloat32> image, Operand<TFloat32> mask, Operand<TFloat32> noise, Operand<TInt32> startStep) {
    }

    private InGraphEdit() {
    }

    /** Returns the edited images in [0, 1], named {@code edited}. */
    static Operand<TFloat32> build(Ops tf, InGraphDdim.NoisePrediction network, NoiseSchedule schedule, int[] sequence, Inputs in,
                                   double pixelScale) {
        Operand<TInt32> batch = tf.slice(tf.shape(in.noise()), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
        // The image in the network's units: [0, 1] to [-1, 1], times the pixel scale.
        Operand<TFloat32> clean = tf.math.mul(tf.math.sub(tf.math.mul(in.image(), tf.constant(2f)), tf.constant(1f)),
                tf.constant((float) pixelScale));
        Operand<TFloat32> keep = tf.math.sub(tf.constant(1f), in.mask());
        Operand<TFloat32> x = in.noise();
        for (int step = 0; step < sequence.length; step++) {
            int t = sequence[step];
            Operand<TFloat32> known = tf.math.add(tf.math.mul(clean, tf.constant((float) schedule.signalRate(t))),
                    tf.math.mul(in.noise(), tf.constant((float) schedule.noiseRate(t))));
            // Step 0 starts from the noise itself, as sample does; a later start from the image noised to its timestep.
            if (step > 0) {
                x = tf.select(tf.math.equal(in.startStep(), tf.constant(step)), known, x);
            }
            x = tf.math.add(tf.math.mul(in.mask(), x), tf.math.mul(keep, known));
            Operand<TFloat32> next = InGraphDdim.step(tf, network, schedule, sequence, step, x, batch);
            x = tf.select(tf.math.lessEqual(in.startStep(), tf.constant(step)), next, x);
        }
        Operand<TFloat32> merged = tf.math.add(tf.math.mul(in.mask(), x), tf.math.mul(keep, clean));
        return InGraphDdim.toUnit(tf, merged, pixelScale, "edited");
    }
}
