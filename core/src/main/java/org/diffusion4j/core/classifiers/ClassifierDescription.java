package org.diffusion4j.core.classifiers;

/**
 * The small JSON file beside a classifier's weights: what the model is and how good it was when trained,
 * so an evaluation can print the accuracy of the judge it used.
 *
 * @param model            architecture name ("lenet5")
 * @param dataset          the data set it was trained on ("mnist")
 * @param pixelRange       the input convention, always "[-1, 1]" in this project
 * @param recipe           the training settings in one line, for people
 * @param epochs           epochs trained
 * @param validationAccuracy accuracy on the held-out part of the training set after the last epoch
 * @param testAccuracy     accuracy on the data set's test split (NaN until measured)
 * @param trainingSeconds  wall time of training
 */
public record ClassifierDescription(String model, String dataset, String pixelRange, String recipe, int epochs,
                                    double validationAccuracy, double testAccuracy, double trainingSeconds) {

    public ClassifierDescription withTestAccuracy(double accuracy) {
        return new ClassifierDescription(model, dataset, pixelRange, recipe, epochs, validationAccuracy, accuracy, trainingSeconds);
    }
}
