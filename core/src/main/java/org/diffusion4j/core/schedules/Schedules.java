package org.diffusion4j.core.schedules;

import java.util.List;
import java.util.Locale;

/** Creates schedules by name, for command lines and saved configurations. */
public final class Schedules {

    /** The names {@link #create} understands. */
    public static final List<String> NAMES = List.of("linear", "cosine", "geometric");

    private Schedules() {
    }

    /** A schedule with its default parameters; the name is case-insensitive. */
    public static NoiseSchedule create(String name, int timesteps) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "linear" -> new LinearSchedule(timesteps);
            case "cosine" -> new CosineSchedule(timesteps);
            case "geometric" -> new GeometricSchedule(timesteps);
            default -> throw new IllegalArgumentException(
                    "unknown noise schedule '" + name + "'; valid names are " + String.join(", ", NAMES));
        };
    }
}
