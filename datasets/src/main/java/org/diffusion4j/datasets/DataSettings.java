package org.diffusion4j.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides where data sets are looked for, made explicit so tests can replace the environment
 * and the cache instead of depending on the machine they run on.
 *
 * @param explicitDir the {@code --data} folder, or null when none was given
 * @param env         environment variables ({@link #DATA_ENV} is read from it)
 * @param cacheRoot   folder holding one sub-folder per data set, e.g. {@code ~/.cache/diffusion4j}
 * @param mirrors     download mirrors to use instead of the data set's own; empty to use its own
 * @param offline     never download
 */
public record DataSettings(Path explicitDir, Map<String, String> env, Path cacheRoot, List<URI> mirrors, boolean offline) {

    public static final String DATA_ENV = "DIFFUSION4J_DATA";

    public DataSettings {
        env = Map.copyOf(env);
        mirrors = List.copyOf(mirrors);
        if (cacheRoot == null) {
            throw new IllegalArgumentException("cacheRoot is required; use DataSettings.defaultCacheRoot");
        }
    }

    /** Settings from this process's environment and home folder. */
    public static DataSettings fromEnvironment(Path explicitDir, boolean offline) {
        Map<String, String> env = System.getenv();
        return new DataSettings(explicitDir, env, defaultCacheRoot(env, Path.of(System.getProperty("user.home"))), List.of(), offline);
    }

    /** {@code $XDG_CACHE_HOME/diffusion4j} when that is set to an absolute path (as the XDG spec demands), else {@code ~/.cache/diffusion4j}. */
    public static Path defaultCacheRoot(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".cache");
        return base.resolve("diffusion4j");
    }

    /** The cache folder of one data set. */
    public Path cacheDir(DatasetKind kind) {
        return cacheRoot.resolve(kind.id());
    }

    /** The mirrors to download a data set from. */
    public List<URI> mirrorsFor(DatasetKind kind) {
        return mirrors.isEmpty() ? kind.mirrors() : mirrors;
    }
}
