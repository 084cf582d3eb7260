package org.diffusion4j.cli;

import org.diffusion4j.api.Conditioning;
import picocli.CommandLine.Option;

/** How strongly, and at which timesteps, classifier-free guidance pushes a conditional model's images to their class. */
final class GuidanceOptions {

    @Option(names = "--guidance", description = "conditional models: classifier-free guidance scale, 0 unconditional, 1 conditional "
            + "(default: " + Conditioning.DEFAULT_SCALE + ")")
    Double scale;

    @Option(names = "--guidance-max-step", description = "conditional models: guide only at timesteps up to this one and use the "
            + "conditional prediction at noisier ones, which keeps more variety (default: guide at every step)")
    Integer maxStep;
}
