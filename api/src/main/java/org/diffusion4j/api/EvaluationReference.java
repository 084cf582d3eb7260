package org.diffusion4j.api;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.diffusion4j.core.classifiers.ClassifierInput;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.datasets.DatasetFolder;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.datasets.ImageFolderDataset;
import org.diffusion4j.datasets.ImageFolderLoader;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Permutations;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.models.runs.DataSpec;

/**
 * The real images generated ones are scored against, and the classifier that scores them: MNIST's test set and its
 * LeNet-5, or the images a folder run held out and the LeNet-5 trained on that folder's classes. The training
 * images give the table's floor: real images the model learnt from, scored as if generated.
 *
 * @param label          the data set in the report: "mnist", "fashion-mnist" or the folder
 * @param cacheKey       names the reference statistics cached beside the classifier
 * @param heldOutName    the reference row's name: "test" for MNIST, "held-out" for a folder
 * @param heldOut        the reference images
 * @param heldOutLabels  their classes
 * @param trainingSample the first n of a seeded shuffle of the training images, for the floor row
 * @param input          what the classifier must read: size, channels, class names
 * @param classifier     where the classifier is, unless the user named one
 * @param trainCommand   the command that trains that classifier, for the error when it is missing
 */
record EvaluationReference(String label, String cacheKey, String heldOutName, ImageBatch heldOut, int[] heldOutLabels,
                           IntFunction<ImageBatch> trainingSample, ClassifierInput input, ClassifierFolder classifier,
                           String trainCommand) {

    /** An MNIST-format data set: its test split is the reference, a seeded sample of its training split the floor. */
    static EvaluationReference idx(DatasetFolder dataset, DatasetKind kind, Path classifierDir, long seed) {
        MnistDataset test = MnistDataset.load(dataset, Split.TEST);
        MnistDataset train = MnistDataset.load(dataset, Split.TRAIN);
        ImageBatch testImages = test.batch(allIndices(test.size()));
        IntFunction<ImageBatch> sample = n -> train.batch(Arrays.copyOf(train.shuffledIndices(seed), Math.min(n, train.size())));
        return new EvaluationReference(kind.id(), kind.id() + "-test", "test", testImages, test.labels(), sample,
                ClassifierInput.MNIST, ClassifierFolder.explicitOrDefault(classifierDir), "diffusion4j classifier train");
    }

    /**
     * A folder run's images, prepared as it prepared them and split by its seed: the held-out part is the reference, the
     * training part the floor.
     */
    static EvaluationReference folder(DataSpec.Folder folder, long splitSeed, ImageFolderLoader loader, Path classifierDir) {
        Path path = Path.of(folder.path());
        ImageFolderDataset.Split split = RunImages.loadAsTrained(folder, loader, "restore the sub-folders to evaluate it").split(splitSeed);
        ImageFolderDataset heldOut = split.validation();
        ImageFolderDataset train = split.train();
        if (heldOut.size() < 2) {
            throw new IllegalArgumentException(path + " holds out " + heldOut.size() + " image(s), too few to score against; "
                    + "a folder needs at least 20 images to be evaluated");
        }
        IntFunction<ImageBatch> sample = n -> train.batch(Arrays.copyOf(Permutations.shuffled(train.size(), new Random(splitSeed)),
                Math.min(n, train.size())));
        String key = ClassifierFolder.imageFolderKey(path, folder.imageSize(), folder.channels()) + "-split" + splitSeed + "-held-out";
        return new EvaluationReference(path.toString(), key, "held-out", heldOut.batch(allIndices(heldOut.size())), heldOut.labels(),
                sample, new ClassifierInput(folder.imageSize(), folder.channels(), folder.classNames()),
                ClassifierFolder.explicitOrDefaultForImages(classifierDir, path, folder.imageSize(), folder.channels()),
                "diffusion4j classifier train --images " + path + " --image-size " + folder.imageSize() + " --split-seed " + splitSeed);
    }

    List<String> classNames() {
        return input.classNames();
    }

    private static int[] allIndices(int size) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        return all;
    }
}
