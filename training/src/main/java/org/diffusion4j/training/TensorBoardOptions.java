package org.diffusion4j.training;

/**
 * What training writes for TensorBoard into the run folder's {@code tensorboard/} folder.
 *
 * @param enabled write event files at all
 * @param sampleImages images in the sample grid logged after each epoch (0: no grid); the grid needs the model:
 *                     the spec given to the Trainer, or else the run folder's model.json
 * @param samplerSteps DDIM steps for that grid: few, because it runs after every epoch
 */
public record TensorBoardOptions(boolean enabled, int sampleImages, int samplerSteps) {

    /** Scalars and a 16-image DDIM-20 grid per epoch: a second or so per epoch for the document-000 U-Net on 2 cores. */
    public static final TensorBoardOptions DEFAULT = new TensorBoardOptions(true, 16, 20);

    /** Scalars only: for runs without a model.json, such as tests that drive the Trainer directly. */
    public static final TensorBoardOptions SCALARS = new TensorBoardOptions(true, 0, 0);

    public static final TensorBoardOptions OFF = new TensorBoardOptions(false, 0, 0);

    public TensorBoardOptions {
        if (sampleImages < 0 || (sampleImages > 0 && samplerSteps <= 0)) {
            throw new IllegalArgumentException("the TensorBoard grid needs a non-negative image count and a positive step count (got "
                    + sampleImages + " images, " + samplerSteps + " steps)");
        }
    }

    public TensorBoardOptions withSampleImages(int count) {
        return new TensorBoardOptions(enabled, count, count > 0 && samplerSteps <= 0 ? DEFAULT.samplerSteps : samplerSteps);
    }
}
