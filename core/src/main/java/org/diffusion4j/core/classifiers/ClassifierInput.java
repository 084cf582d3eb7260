package org.diffusion4j.core.classifiers;

import java.util.List;

/**
 * The images a classifier reads and the classes it tells apart.
 *
 * @param imageSize  side of the square input images
 * @param channels   1 (grey) or 3 (RGB)
 * @param classNames one name per class, in label order
 */
public record ClassifierInput(int imageSize, int channels, List<String> classNames) {

    /** The MNIST digits: 28x28 grey, ten classes named by their digit. */
    public static final ClassifierInput MNIST = new ClassifierInput(28, 1,
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));

    public ClassifierInput {
        classNames = List.copyOf(classNames);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("a classifier takes 1 or 3 channels, got " + channels);
        }
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classNames
                    + "; put the images in one sub-folder per class");
        }
    }

    public int classes() {
        return classNames.size();
    }
}
