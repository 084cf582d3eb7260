package org.diffusion4j.core.samplers;

import java.util.List;
import java.util.Locale;

/** Creates samplers by name, for command lines and saved configurations. */
public final class Samplers {

    /** The names {@link #create} understands. */
    public static final List<String> NAMES = List.of("ddpm", "ddim", "dpm++2m", "stepwise");

    private Samplers() {
    }

    /**
     * A sampler by (case-insensitive) name. {@code steps} is used by DDIM and DPM-Solver++, {@code eta} by DDIM
     * only, {@code clip} by all but the stepwise sampler; the stepwise sampler gets its default step size.
     */
    public static Sampler create(String name, int steps, double eta, boolean clip) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "ddpm" -> new DdpmSampler(clip);
            case "ddim" -> new DdimSampler(steps, eta, clip);
            case "dpm++2m", "dpm++", "dpmsolver" -> new DpmSolverSampler(steps, clip);
            case "stepwise" -> new StepScaledSampler();
            default -> throw new IllegalArgumentException(
                    "unknown sampler '" + name + "'; valid names are " + String.join(", ", NAMES));
        };
    }
}
