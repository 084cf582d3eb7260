package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffusion4j.datasets.DataSettings;
import org.diffusion4j.datasets.DatasetFolder;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.datasets.DatasetLocator;
import org.diffusion4j.datasets.ImageFolderDataset;
import org.diffusion4j.datasets.ImageFolderLoader;
import org.diffusion4j.datasets.ImageFolderSettings;
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
        return DatasetKind.named(dataset);
    }

    DatasetFolder locate(boolean quiet) {
        DownloadBar bar = new DownloadBar(quiet);
        try {
            return new DatasetLocator(DataSettings.fromEnvironment(dataDir, offline), bar).locate(kind());
        } finally {
            bar.close();
        }
    }

    /**
     * A folder of one's own images for `train` (a mixin of its own: `evaluate` already has an --images option, for
     * files to score). Each first-level sub-folder is a class.
     */
    static final class FolderOptions {

        @Option(names = "--images", paramLabel = "DIR", description = "train on the PNG, JPEG, GIF and BMP images below DIR instead of "
                + "MNIST; each sub-folder is a class (for --conditional), sorted by name")
        Path images;

        @Option(names = "--image-size", paramLabel = "N", description = "--images: side of the square images the network sees; "
                + "each is resized (area-averaged) so its short side fits, then centre-cropped (default: "
                + ImageFolderSettings.DEFAULT_IMAGE_SIZE + ")")
        Integer imageSize;

        @Option(names = "--channels", description = "--images: 3 (RGB) or 1 (grey) (default: 3 if any image has colour, else 1)")
        Integer channels;

        @Option(names = "--background", description = "--images: white, black or #rrggbb under transparent pixels (default: white)")
        String background;

        @Option(names = "--random-flip", description = "--images: mirror a random half of the images left to right, afresh each epoch")
        boolean randomFlip;

        @Option(names = "--image-cache", paramLabel = "DIR", description = "--images: cache root holding images/, where prepared "
                + "folders are kept (default: $XDG_CACHE_HOME/diffusion4j or ~/.cache/diffusion4j)")
        Path cacheRoot;

        /** The folder options given on the command line, for refusing them where they do not apply. */
        List<String> given() {
            List<String> names = new ArrayList<>();
            if (imageSize != null) {
                names.add("--image-size");
            }
            if (channels != null) {
                names.add("--channels");
            }
            if (background != null) {
                names.add("--background");
            }
            if (randomFlip) {
                names.add("--random-flip");
            }
            return names;
        }

        ImageFolderSettings settings() {
            ImageFolderSettings.Builder settings = ImageFolderSettings.builder();
            if (imageSize != null) {
                if (imageSize <= 0) {
                    throw new IllegalArgumentException("--image-size must be a positive number of pixels, got " + imageSize
                            + "; use e.g. --image-size " + ImageFolderSettings.DEFAULT_IMAGE_SIZE + " or 64");
                }
                settings.imageSize(imageSize);
            }
            if (channels != null) {
                if (channels != 1 && channels != 3) {
                    throw new IllegalArgumentException("--channels must be 1 (grey) or 3 (RGB), got " + channels
                            + "; leave it out to take 3 if any image has colour");
                }
                settings.channels(channels);
            }
            if (background != null) {
                settings.background(ImageFolderSettings.parseBackground(background));
            }
            return settings.build();
        }

        /** Loads the folder, printing a line per skipped file and a summary; prepared images are cached. */
        ImageFolderDataset load(Path folder, ImageFolderSettings settings) {
            return folderLoader(cacheRoot).load(folder, settings);
        }
    }

    /** A loader that caches prepared folders under {@code cacheRoot}, or the user's cache when null, and prints skipped files. */
    static ImageFolderLoader folderLoader(Path cacheRoot) {
        return cacheRoot != null ? new ImageFolderLoader(cacheRoot, System.out::println) : ImageFolderLoader.withUserCache(System.out::println);
    }
}
