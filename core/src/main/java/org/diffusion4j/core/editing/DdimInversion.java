package org.diffusion4j.core.editing;

import java.util.Arrays;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * Deterministic DDIM run backwards (Song et al., 2021, section 4.3; Dhariwal and Nichol, 2021): from clean images up the
 * timesteps that {@code new DdimSampler(steps, 0, clip)} walks down, to the noise x_{T-1} that this DDIM maps back to
 * (nearly) the same images. Each step reuses the noise predicted at the level below for the level above, which is exact in
 * the limit of small steps; with 50 steps of a 100-step schedule the round trip is close, not exact. Images in and latents
 * out are in the denoiser's own units.
 */
public final class DdimInversion {

    private final NoiseSchedule schedule;
    private final int[] timesteps;

    /** The inversion of DDIM with {@code steps} steps on {@code schedule}. */
    public DdimInversion(NoiseSchedule schedule, int steps) {
        this.schedule = schedule;
        this.timesteps = new DdimSampler(steps, 0, false).timesteps(schedule);
    }

    /** The DDIM latents of {@code images}: one denoiser call per step, on the whole batch. */
    public ImageBatch invert(Denoiser denoiser, ImageBatch images) {
        float[] x = images.pixels().clone();
        double signal = 1;
        double noiseRate = 0;
        int[] batchTimesteps = new int[images.count()];
        for (int i = timesteps.length - 1; i >= 0; i--) {
            int t = timesteps[i];
            Arrays.fill(batchTimesteps, t);
            // The noise DDIM will predict at t from x_t, approximated by the prediction at t from x one level below.
            float[] eps = denoiser.predictNoise(images.withPixels(x), batchTimesteps).pixels();
            double nextSignal = schedule.signalRate(t);
            double nextNoiseRate = schedule.noiseRate(t);
            for (int p = 0; p < x.length; p++) {
                double predicted = (x[p] - noiseRate * eps[p]) / signal;
                x[p] = (float) (nextSignal * predicted + nextNoiseRate * eps[p]);
            }
            signal = nextSignal;
            noiseRate = nextNoiseRate;
        }
        return images.withPixels(x);
    }

    /**
     * Spherical interpolation between two batches of latents, image by image, at {@code fraction} (0: {@code from}, 1:
     * {@code to}). Gaussian latents live near a sphere; a straight line between two of them passes inside it, through
     * latents with too little noise that decode to blurred images, which the great circle avoids.
     */
    public static ImageBatch slerp(ImageBatch from, ImageBatch to, double fraction) {
        if (!Arrays.equals(from.shape(), to.shape())) {
            throw new IllegalArgumentException("latents of shapes " + Arrays.toString(from.shape()) + " and " + Arrays.toString(to.shape())
                    + " cannot be interpolated");
        }
        int size = from.imageSize();
        float[] out = new float[from.pixels().length];
        for (int image = 0; image < from.count(); image++) {
            int offset = image * size;
            double dot = 0;
            double a2 = 0;
            double b2 = 0;
            for (int p = offset; p < offset + size; p++) {
                dot += from.pixels()[p] * (double) to.pixels()[p];
                a2 += from.pixels()[p] * (double) from.pixels()[p];
                b2 += to.pixels()[p] * (double) to.pixels()[p];
            }
            double cosine = Math.max(-1, Math.min(1, dot / Math.sqrt(a2 * b2)));
            double angle = Math.acos(cosine);
            double wa;
            double wb;
            if (angle < 1e-6) {
                wa = 1 - fraction;
                wb = fraction;
            } else {
                wa = Math.sin((1 - fraction) * angle) / Math.sin(angle);
                wb = Math.sin(fraction * angle) / Math.sin(angle);
            }
            for (int p = offset; p < offset + size; p++) {
                out[p] = (float) (wa * from.pixels()[p] + wb * to.pixels()[p]);
            }
        }
        return from.withPixels(out);
    }
}
