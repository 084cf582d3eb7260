package org.diffusion4j.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.diffusion4j.datasets.ImageFolderDataset;
import org.diffusion4j.datasets.ImageFolderLoader;
import org.diffusion4j.datasets.ImageFolderSettings;
import org.diffusion4j.models.runs.DataSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.training.TrainingConfig;

/** The images a run's data.json names, read again for resuming or scoring it. */
final class RunImages {

    private RunImages() {
    }

    /**
     * A run's image folder prepared as the run prepared it (its size, channels and background); refused in one line, ending
     * with {@code fix}, when the folder's classes are no longer the ones the run trained on.
     */
    static ImageFolderDataset loadAsTrained(DataSpec.Folder folder, ImageFolderLoader loader, String fix) {
        Path path = Path.of(folder.path());
        ImageFolderSettings settings = ImageFolderSettings.builder().imageSize(folder.imageSize()).channels(folder.channels())
                .background(ImageFolderSettings.parseBackground(folder.background())).build();
        ImageFolderDataset dataset = loader.load(path, settings);
        if (!dataset.classNames().equals(folder.classNames())) {
            throw new IllegalArgumentException("the classes in " + path + " are now " + dataset.classNames() + " but the run trained on "
                    + folder.classNames() + "; " + fix);
        }
        return dataset;
    }

    /**
     * The seed a run split its images with, from its training.json: it picks the images the run held out. Empty for a folder
     * without one (a student made before students carried their teacher's).
     */
    static OptionalLong splitSeed(RunFolder run) {
        return Files.isRegularFile(run.trainingConfigFile())
                ? OptionalLong.of(run.readJson(run.trainingConfigFile(), TrainingConfig.class).seed())
                : OptionalLong.empty();
    }
}
