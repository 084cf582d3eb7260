package org.diffusion4j.datasets;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the folder of a data set, in this order: the explicit {@code --data} folder, the
 * {@value DataSettings#DATA_ENV} environment variable, the user cache folder, the folders a system package
 * installs into, and finally a download into the cache.
 *
 * <p>A folder the user named (by option or variable) must be complete: silently falling back to another copy
 * would hide a typo. {@value DataSettings#DATA_ENV} may name the data set's folder itself or a parent holding
 * one sub-folder per data set ({@code mnist/}, {@code fashion-mnist/}), since both use the same file names.
 */
public final class DatasetLocator {

    private final DataSettings settings;
    private final DownloadProgress progress;

    public DatasetLocator(DataSettings settings, DownloadProgress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public DatasetFolder locate(DatasetKind kind) {
        if (settings.explicitDir() != null) {
            return new DatasetFolder(settings.explicitDir(), kind).requireComplete("--data");
        }
        String fromEnv = settings.env().get(DataSettings.DATA_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path root = Path.of(fromEnv);
            Path dir = Files.isDirectory(root.resolve(kind.id())) ? root.resolve(kind.id()) : root;
            return new DatasetFolder(dir, kind).requireComplete(DataSettings.DATA_ENV);
        }
        Path cacheDir = settings.cacheDir(kind);
        DatasetFolder cached = new DatasetFolder(cacheDir, kind);
        if (cached.isComplete()) {
            return cached;
        }
        for (Path dir : kind.systemDirs()) {
            DatasetFolder installed = new DatasetFolder(dir, kind);
            if (installed.isComplete()) {
                return installed;
            }
        }
        if (!kind.downloadable()) {
            throw new DataException(kind.displayName() + " was not found in " + cacheDir + where(kind) + "; "
                    + kind.whereToPutFiles(cacheDir));
        }
        if (settings.offline()) {
            throw new DataException(kind.displayName() + " is not in " + cacheDir + " and downloads are off (offline); "
                    + kind.whereToPutFiles(cacheDir));
        }
        return new MnistDownloader(settings.mirrorsFor(kind), progress).download(kind, cacheDir);
    }

    private static String where(DatasetKind kind) {
        return kind.systemDirs().stream().map(p -> " or " + p).reduce("", String::concat);
    }
}
