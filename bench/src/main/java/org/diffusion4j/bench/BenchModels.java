package org.diffusion4j.bench;

import java.util.List;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.NetworkTypes;

/**
 * The model configurations the benchmark knows by name: the benchmarks every registered architecture names
 * ({@link NetworkTypes#benchmarks()}), so a network registered in code is benchmarked under its own names.
 */
public final class BenchModels {

    private BenchModels() {
    }

    /** @return the names {@link #byName} understands, each architecture's in its registration's order */
    public static List<String> names() {
        return List.copyOf(NetworkTypes.benchmarks().keySet());
    }

    /**
     * The configuration benchmarked under {@code name}.
     *
     * @param name a name from {@link #names()}, e.g. "doc000"
     * @return its configuration
     * @throws IllegalArgumentException in one line listing the valid names
     */
    public static NetworkConfig byName(String name) {
        NetworkConfig config = NetworkTypes.benchmarks().get(name == null ? "" : name.trim());
        if (config == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; valid names are " + String.join(", ", names()));
        }
        return config;
    }
}
