package org.diffusion4j.core.editing;

/**
 * RePaint's resampling (Lugmayr et al., 2022): every {@code jumpLength} steps the inpainting walks back up the chain by
 * that many steps, noising its images again, and repeats the stretch, {@code jumps} times in all. Each repeat lets the
 * repainted pixels agree more with the known ones they were noised next to; the cost is {@code jumps} times the denoiser
 * calls. One jump is plain replacement inpainting.
 */
public record Resampling(int jumps, int jumpLength) {

    /** No resampling: each step once. */
    public static final Resampling NONE = new Resampling(1, 1);

    public Resampling {
        if (jumps < 1 || jumpLength < 1) {
            throw new IllegalArgumentException("RePaint needs jumps >= 1 (1: no resampling) and a jump length >= 1, got " + jumps
                    + " and " + jumpLength);
        }
    }

    /** Denoiser calls an inpainting of {@code steps} sampler steps makes per batch. */
    public int calls(int steps) {
        int calls = 0;
        for (int start = 0; start < steps; start += jumpLength) {
            int length = Math.min(jumpLength, steps - start);
            calls += length * (start + length < steps ? jumps : 1);
        }
        return calls;
    }
}
