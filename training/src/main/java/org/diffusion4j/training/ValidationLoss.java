package org.diffusion4j.training;

/** The mean loss over the validation set, with the same seeds every epoch so that epochs compare. */
final class ValidationLoss {

    /** XORed into the run's seed, so validation batch i does not draw the noise of training step i. */
    private static final long SEED_SALT = 0x5DEECE66DL;

    private final TrainingGraph graph;
    private final TrainingData data;
    private final TrainingConfig config;

    /** {@code data} may be null or empty: then there is no validation and the loss is NaN. */
    ValidationLoss(TrainingGraph graph, TrainingData data, TrainingConfig config) {
        this.graph = graph;
        this.data = data;
        this.config = config;
    }

    double measure() {
        if (data == null || data.size() == 0) {
            return Double.NaN;
        }
        int batchSize = Math.min(config.batchSize(), data.size());
        int batches = data.size() / batchSize;
        int[] identity = new int[data.size()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        float[] images = new float[batchSize * data.height() * data.width() * data.channels()];
        int[] labels = graph.conditional() ? new int[batchSize] : null;
        double sum = 0;
        for (int b = 0; b < batches; b++) {
            data.copyImages(identity, b * batchSize, batchSize, images);
            if (labels != null) {
                data.copyLabels(identity, b * batchSize, batchSize, labels);
            }
            sum += graph.evaluate(new TrainingBatch(images, labels, batchSize, config.seed() ^ SEED_SALT, b));
        }
        return sum / batches;
    }
}
