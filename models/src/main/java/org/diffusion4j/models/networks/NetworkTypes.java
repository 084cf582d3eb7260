package org.diffusion4j.models.networks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The architectures this process knows: the U-Net, the ViT and the DiT from the start, and any a user
 * {@link #register registers}. model.json, {@code train --model} and the benchmark's model names all read this,
 * so a new network is its configuration record, its network class and one call to {@link #register} before a run
 * is opened.
 */
public final class NetworkTypes {

    /** Document 000's U-Net; its preset is the one `train` always defaulted to. */
    public static final NetworkType<UNetConfig> UNET = NetworkType.of("unet", UNetConfig.class, "quality")
            .withBenchmark("doc000", UNetConfig.document000(28))
            // MNIST padded to 32x32: one more power of two, so deeper U-Nets fit too.
            .withBenchmark("doc000-32", UNetConfig.document000(32))
            // The colour presets, for sizing a run on image folders.
            .withBenchmark("rgb32", UNetConfig.rgb32())
            .withBenchmark("rgb64", UNetConfig.rgb64());

    /** Document 004's vision transformer, trained with its own notebook's recipe. */
    public static final NetworkType<VitConfig> VIT = NetworkType.of("vit", VitConfig.class, "vit");

    /** The diffusion transformer; its benchmark is the network {@code train --model dit} builds. */
    public static final NetworkType<DitConfig> DIT = NetworkType.of("dit", DitConfig.class, "dit")
            .withBenchmark("dit", DitConfig.mnistPreset());

    // Replaced whole on every registration, so readers never lock and never see half an update.
    private static volatile Map<String, NetworkType<?>> registered = Map.of();

    static {
        register(UNET);
        register(VIT);
        register(DIT);
    }

    private NetworkTypes() {
    }

    /**
     * Makes an architecture known to model.json, {@code train --model} and the benchmark. Registering the same
     * registration again does nothing, so tests and plug-ins may call this more than once.
     *
     * @param type the architecture
     * @throws IllegalArgumentException when its name, its configuration class or one of its benchmark names is
     *                                  already taken by another registration
     */
    public static synchronized void register(NetworkType<?> type) {
        NetworkType<?> same = registered.get(type.architecture());
        if (type.equals(same)) {
            return;
        }
        if (same != null) {
            throw new IllegalArgumentException("an architecture named '" + type.architecture() + "' is already registered ("
                    + same.configClass().getName() + "); choose another name");
        }
        for (NetworkType<?> other : registered.values()) {
            if (other.configClass().isAssignableFrom(type.configClass()) || type.configClass().isAssignableFrom(other.configClass())) {
                throw new IllegalArgumentException(type.configClass().getName() + " is already the configuration of '"
                        + other.architecture() + "'; each architecture needs a configuration class of its own");
            }
            for (String name : type.benchmarks().keySet()) {
                if (other.benchmarks().containsKey(name)) {
                    throw new IllegalArgumentException("benchmark name '" + name + "' of " + type.architecture()
                            + " is already one of " + other.architecture() + "'s; choose another");
                }
            }
        }
        Map<String, NetworkType<?>> next = new LinkedHashMap<>(registered);
        next.put(type.architecture(), type);
        registered = Collections.unmodifiableMap(next);
    }

    /**
     * The registration of an architecture name.
     *
     * @param architecture a name such as "unet"
     * @return the registration, or empty when no architecture of that name is registered
     */
    public static Optional<NetworkType<?>> find(String architecture) {
        return Optional.ofNullable(architecture == null ? null : registered.get(architecture));
    }

    /**
     * The registration of an architecture name, for callers that cannot go on without it.
     *
     * @param architecture a name such as "unet"
     * @return its registration
     * @throws IllegalArgumentException in one line naming the registered architectures
     */
    public static NetworkType<?> named(String architecture) {
        return find(architecture).orElseThrow(() -> new IllegalArgumentException("unknown architecture '" + architecture
                + "'; use " + namesInWords() + " (a network of your own needs NetworkTypes.register first)"));
    }

    /**
     * The registration whose configuration class {@code config} is.
     *
     * @param config a network configuration
     * @return its registration
     * @throws IllegalArgumentException when its class was never registered
     */
    public static NetworkType<?> of(NetworkConfig config) {
        for (NetworkType<?> type : registered.values()) {
            if (type.describes(config)) {
                return type;
            }
        }
        throw new IllegalArgumentException(config.getClass().getName() + " is not a registered network configuration; "
                + "register it with NetworkTypes.register before building, saving or benchmarking it");
    }

    /** @return the registered architectures, built-ins first, then in the order they were registered */
    public static List<NetworkType<?>> all() {
        return List.copyOf(registered.values());
    }

    /** @return the registered architecture names, in {@link #all()}'s order */
    public static List<String> names() {
        return List.copyOf(registered.keySet());
    }

    /** @return the names as a sentence ends with them, e.g. "unet, vit or dit", for error messages */
    public static String namesInWords() {
        List<String> names = names();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** @return every registered architecture's benchmark configurations by name, in {@link #all()}'s order */
    public static Map<String, NetworkConfig> benchmarks() {
        Map<String, NetworkConfig> all = new LinkedHashMap<>();
        for (NetworkType<?> type : registered.values()) {
            all.putAll(type.benchmarks());
        }
        return Collections.unmodifiableMap(all);
    }
}
