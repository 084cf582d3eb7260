package org.diffusion4j.bench;

import java.util.List;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.UNetConfig;

/** The model configurations the benchmark knows by name. */
public final class BenchModels {

    /** The names {@link #byName} understands. */
    public static final List<String> NAMES = List.of("doc000", "doc000-32", "dit", "rgb32", "rgb64");

    private BenchModels() {
    }

    public static NetworkConfig byName(String name) {
        return switch (name == null ? "" : name.trim()) {
            case "doc000" -> UNetConfig.document000(28);
            // MNIST padded to 32x32: one more power of two, so deeper U-Nets fit too.
            case "doc000-32" -> UNetConfig.document000(32);
            case "dit" -> DitConfig.mnistPreset();
            // The colour presets, for sizing a run on image folders.
            case "rgb32" -> UNetConfig.rgb32();
            case "rgb64" -> UNetConfig.rgb64();
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; valid names are "
                    + String.join(", ", NAMES));
        };
    }
}
