package org.diffusion4j.models.runs;

import java.util.Objects;
import org.diffusion4j.core.samplers.SamplerSpec;

/**
 * How a model must be sampled when it was made for one sampler: a student distilled to a few DDIM steps on the timesteps
 * it learnt. Commands and the Java API take this sampler unless told otherwise, so a user need not know what the student
 * was distilled for.
 *
 * @param sampler           the sampler, with its steps and timestep grid
 * @param guidanceDistilled the classifier-free guidance scale the network has learnt to apply in one call (0: none);
 *                          sampling it applies no guidance of its own
 */
public record Sampling(SamplerSpec sampler, double guidanceDistilled) {

    public Sampling {
        Objects.requireNonNull(sampler, "a sampling recipe needs its sampler");
        if (!(guidanceDistilled >= 0) || Double.isInfinite(guidanceDistilled)) {
            throw new IllegalArgumentException("a distilled guidance scale is 0 (none) or positive, got " + guidanceDistilled);
        }
    }

    /**
     * The guidance scale to sample with when {@code asked} was asked for (null: nothing asked): scale 1, the student's own
     * conditional call, when guidance is distilled in and none asked, so none is added on top; else what was asked.
     */
    public Double guidance(Double asked) {
        return asked == null && guidanceDistilled > 0 ? Double.valueOf(1.0) : asked;
    }
}
