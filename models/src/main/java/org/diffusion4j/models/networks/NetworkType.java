package org.diffusion4j.models.networks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One architecture as the rest of the project knows it: the name run folders record and {@code train --model} takes,
 * the configuration record that fixes its graph, the training preset a run of it starts from when none is named,
 * and the configurations the benchmark knows it by. {@link NetworkTypes} holds the registered ones.
 *
 * @param architecture  the name, e.g. "unet": model.json stores the configuration under a field of this name, so it
 *                      is lower case letters, digits and hyphens, and none of that file's own fields
 * @param configClass   the configuration; model.json is read back into it with Jackson, so it is a record or a bean
 * @param defaultPreset the name of the training preset `train` takes for it when none is given, e.g. "quality"
 * @param benchmarks    configurations the benchmark builds by name, in the order it lists them; names are unique
 *                      across all registered architectures
 * @param <C>           the configuration's type
 */
public record NetworkType<C extends NetworkConfig>(String architecture, Class<C> configClass, String defaultPreset,
                                                   Map<String, C> benchmarks) {

    /**
     * Names model.json uses beside the configuration's field: an architecture of one of these names would make the
     * file ambiguous.
     */
    static final List<String> RESERVED_NAMES = List.of("architecture", "schedule", "prediction");

    /** Checks the names and keeps the benchmarks in the given order, unmodifiable. */
    public NetworkType {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(configClass, "configClass");
        Objects.requireNonNull(defaultPreset, "defaultPreset");
        if (!architecture.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("architecture name '" + architecture + "' must be lower case letters, digits "
                    + "and hyphens, starting with a letter: it is a --model value and a model.json field");
        }
        if (RESERVED_NAMES.contains(architecture)) {
            throw new IllegalArgumentException("architecture name '" + architecture + "' is a field of model.json; choose "
                    + "another name (not " + String.join(", ", RESERVED_NAMES) + ")");
        }
        if (defaultPreset.isBlank()) {
            throw new IllegalArgumentException("the " + architecture + " network needs the name of a default training preset");
        }
        Map<String, C> ordered = new LinkedHashMap<>();
        (benchmarks == null ? Map.<String, C>of() : benchmarks).forEach((name, config) -> {
            if (name == null || name.isBlank() || !configClass.isInstance(config)) {
                throw new IllegalArgumentException("benchmark '" + name + "' of " + architecture + " needs a name and a "
                        + configClass.getSimpleName() + ", got " + config);
            }
            ordered.put(name, config);
        });
        benchmarks = Collections.unmodifiableMap(ordered);
    }

    /**
     * A registration without benchmarks; add them with {@link #withBenchmark}.
     *
     * @param architecture  the name run folders record and {@code train --model} takes
     * @param configClass   the configuration record
     * @param defaultPreset the training preset a run of it takes when none is named
     * @param <C>           the configuration's type
     * @return the registration, to pass to {@link NetworkTypes#register}
     */
    public static <C extends NetworkConfig> NetworkType<C> of(String architecture, Class<C> configClass, String defaultPreset) {
        return new NetworkType<>(architecture, configClass, defaultPreset, Map.of());
    }

    /**
     * This registration with one more named benchmark configuration, listed after the others.
     *
     * @param name   the name `bench --model` takes
     * @param config the network the benchmark builds under that name
     * @return a new registration; this one is unchanged
     */
    public NetworkType<C> withBenchmark(String name, C config) {
        Map<String, C> more = new LinkedHashMap<>(benchmarks);
        if (more.put(name, config) != null) {
            throw new IllegalArgumentException(architecture + " already has a benchmark named '" + name + "'");
        }
        return new NetworkType<>(architecture, configClass, defaultPreset, more);
    }

    /**
     * Whether {@code config} is a configuration of this architecture.
     *
     * @param config any network configuration
     * @return true when it is an instance of {@link #configClass}
     */
    public boolean describes(NetworkConfig config) {
        return configClass.isInstance(config);
    }
}
