package org.diffusion4j.cli;

import java.nio.file.Path;
import org.diffusion4j.datasets.DataSettings;
import org.diffusion4j.datasets.DatasetFolder;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.datasets.DatasetLocator;
import picocli.CommandLine.Option;

/** Where the images come from: shared by every command that reads a data set. */
final class DataOptions {

    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--data", description = "folder holding the four IDX files (else $DIFFUSION4J_DATA, the cache, or a download)")
    Path dataDir;

    @Option(names = "--offline", description = "never download; fail with where to put the files")
    boolean offline;

    DatasetKind kind() {
        return switch (dataset.toLowerCase(java.util.Locale.ROOT)) {
            case "mnist" -> DatasetKind.MNIST;
            case "fashion-mnist", "fashion_mnist", "fashion" -> DatasetKind.FASHION_MNIST;
            default -> throw new IllegalArgumentException("unknown data set '" + dataset + "'; use mnist or fashion-mnist");
        };
    }

    DatasetFolder locate(boolean quiet) {
        DownloadBar bar = new DownloadBar(quiet);
        try {
            return new DatasetLocator(DataSettings.fromEnvironment(dataDir, offline), bar).locate(kind());
        } finally {
            bar.close();
        }
    }
}
