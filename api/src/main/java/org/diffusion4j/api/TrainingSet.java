package org.diffusion4j.api;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.diffusion4j.datasets.DataSettings;
import org.diffusion4j.datasets.DatasetFolder;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.datasets.DatasetLocator;
import org.diffusion4j.datasets.DownloadProgress;
import org.diffusion4j.datasets.ImageFolderDataset;
import org.diffusion4j.datasets.ImageFolderLoader;
import org.diffusion4j.datasets.ImageFolderSettings;
import org.diffusion4j.models.runs.DataSpec;

/**
 * The images a {@link TrainingRun} learns from: an MNIST-format data set (MNIST or Fashion-MNIST) or a folder of one's
 * own images whose first-level sub-folders are the classes.
 */
public sealed interface TrainingSet permits TrainingSet.Idx, TrainingSet.Folder {

    /**
     * An MNIST-format data set.
     *
     * @param kind  MNIST or Fashion-MNIST
     * @param files the folder holding its four IDX files
     * @param limit train on the first this many images only; null: the preset's own count, 0: all
     * @param pad32 pad the 28x28 images to 32x32
     */
    record Idx(DatasetKind kind, DatasetFolder files, Integer limit, boolean pad32) implements TrainingSet {

        /** The same images cut to the first {@code count} (0: all). */
        public Idx limitedTo(int count) {
            return new Idx(kind, files, count, pad32);
        }

        /** The same images padded to 32x32. */
        public Idx paddedTo32() {
            return new Idx(kind, files, limit, true);
        }
    }

    /**
     * A folder of images, prepared (decoded, composited, resized, cached) as its spec says.
     *
     * @param images the prepared images and their classes
     * @param spec   how they were prepared, as data.json records it
     */
    record Folder(ImageFolderDataset images, DataSpec.Folder spec) implements TrainingSet {
    }

    /** MNIST, from {@code $DIFFUSION4J_DATA}, the user's cache, or downloaded there (MD5-checked). */
    static Idx mnist() {
        return idx(DatasetKind.MNIST, null);
    }

    /**
     * An MNIST-format data set from {@code folder} (null: {@code $DIFFUSION4J_DATA}, the user's cache, or a download into it,
     * for the kinds that can be downloaded).
     */
    static Idx idx(DatasetKind kind, Path folder) {
        return new Idx(kind, new DatasetLocator(DataSettings.fromEnvironment(folder, false), DownloadProgress.NONE).locate(kind), null,
                false);
    }

    /**
     * The images below {@code root} as {@code settings} prepare them, cached in the user's cache; {@code randomFlip} mirrors a
     * seeded half of them each epoch; {@code messages} hears of skipped files.
     */
    static Folder folder(Path root, ImageFolderSettings settings, boolean randomFlip, Consumer<String> messages) {
        return folder(root, settings, randomFlip, ImageFolderLoader.withUserCache(messages));
    }

    /** The same with a loader of one's own (its cache folder and messages). */
    static Folder folder(Path root, ImageFolderSettings settings, boolean randomFlip, ImageFolderLoader loader) {
        Path path = root.toAbsolutePath().normalize();
        ImageFolderDataset dataset = loader.load(path, settings);
        return new Folder(dataset, new DataSpec.Folder(path.toString(), dataset.imageSize(), dataset.channels(), settings.backgroundName(),
                randomFlip, dataset.classNames()));
    }
}
