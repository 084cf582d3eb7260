package org.diffusion4j.core.classifiers;

/**
 * The small JSON file beside a classifier's weights: what the model is, what it reads and how good it was when
 * trained, so an evaluation can print the accuracy of the judge it used.
 *
 * @param model            architecture name ("lenet5")
 * @param dataset          the data set it was trained on ("mnist", or the image folder's path)
 * @param pixelRange       the input convention, always "[-1, 1]" in this project
 * @param recipe           the training settings in one line, for people
 * @param epochs           epochs trained
 * @param validationAccuracy accuracy on the held-out part of the training set after the last epoch
 * @param testAccuracy     accuracy on the data set's test split (NaN until measured, and for folders, which have none)
 * @param trainingSeconds  wall time of training
 * @param input            image size, channels and class names; absent in files written before folders, which were MNIST's
 */
public record ClassifierDescription(String model, String dataset, String pixelRange, String recipe, int epochs,
                                    double validationAccuracy, double testAccuracy, double trainingSeconds, ClassifierInput input) {

    public ClassifierDescription {
        input = input == null ? ClassifierInput.MNIST : input;
    }

    public ClassifierDescription withTestAccuracy(double accuracy) {
        return new ClassifierDescription(model, dataset, pixelRange, recipe, epochs, validationAccuracy, accuracy, trainingSeconds, input);
    }
}
