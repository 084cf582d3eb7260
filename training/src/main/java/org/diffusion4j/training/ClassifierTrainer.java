package org.diffusion4j.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.core.classifiers.ClassifierDescription;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.networks.LeNet5;

/**
 * Trains LeNet-5 on a labelled data set and keeps the result in a classifier folder. Batches come from
 * a permutation seeded by (seed, epoch) and the augmentation shifts from (seed, epoch), so a run is
 * reproducible; after every epoch the validation accuracy is measured and the weights are written
 * atomically, so an interrupted run still leaves a usable classifier.
 */
public final class ClassifierTrainer {

    private final ClassifierFolder folder;
    private final ClassifierTrainingConfig config;
    private final ClassifierTrainingListener listener;

    public ClassifierTrainer(ClassifierFolder folder, ClassifierTrainingConfig config, ClassifierTrainingListener listener) {
        this.folder = folder;
        this.config = config;
        this.listener = listener;
    }

    /**
     * Trains from fresh weights on {@code train}, validating on {@code validation}; returns the epochs.
     * {@code datasetName} ("mnist") is recorded in the folder's description.
     */
    public List<ClassifierEpoch> train(MnistDataset train, MnistDataset validation, String datasetName) {
        if (train.height() != LeNet5.IMAGE_SIZE || train.width() != LeNet5.IMAGE_SIZE) {
            throw new IllegalArgumentException("LeNet-5 takes 28x28 digits, got " + train.height() + "x" + train.width()
                    + "; do not pad the data set");
        }
        int batchSize = config.batchSize();
        int stepsPerEpoch = train.size() / batchSize;
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("the training set has " + train.size() + " images, fewer than one batch of "
                    + batchSize + "; use a smaller --batch-size");
        }
        long totalSteps = (long) stepsPerEpoch * config.epochs();
        int[] allLabels = train.labels();
        float[] batch = new float[batchSize * train.imageSize()];
        int[] batchLabels = new int[batchSize];
        List<ClassifierEpoch> history = new ArrayList<>();
        long started = System.nanoTime();
        try (ClassifierTrainingGraph graph = new ClassifierTrainingGraph(config.threads())) {
            graph.initialize(config.seed());
            listener.onStart(0, totalSteps, stepsPerEpoch, graph.parameterCount());
            long step = 0;
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                int[] order = TrainingLoop.permutation(train.size(), config.seed(), epoch);
                SplittableRandom shifts = new SplittableRandom(config.seed() * 31 + epoch);
                double lossSum = 0;
                double rate = 0;
                for (int b = 0; b < stepsPerEpoch; b++) {
                    train.copyImages(order, b * batchSize, batchSize, batch);
                    for (int i = 0; i < batchSize; i++) {
                        batchLabels[i] = allLabels[order[b * batchSize + i]];
                    }
                    PixelShifts.apply(batch, batchSize, train.height(), train.width(), config.maxShift(), shifts);
                    rate = config.learningRateAt(step, totalSteps);
                    float loss = graph.step(batch, batchLabels, batchSize, step, rate);
                    if (!Float.isFinite(loss)) {
                        throw new IllegalStateException("classifier training diverged at step " + step + " (loss " + loss
                                + "); lower --learning-rate");
                    }
                    step++;
                    lossSum += loss;
                    double seconds = (System.nanoTime() - started) / 1e9;
                    listener.onStep(step, totalSteps, loss, step * batchSize / Math.max(seconds, 1e-9));
                }
                ClassifierTrainingGraph.BatchScore validationScore = score(graph, validation, batchSize);
                double seconds = (System.nanoTime() - started) / 1e9;
                EpochSummary summary = new EpochSummary(epoch + 1, step, lossSum / stepsPerEpoch,
                        validationScore.lossSum() / validation.size(), rate, step * batchSize / seconds, seconds);
                ClassifierEpoch scored = new ClassifierEpoch(summary, validationScore.correct() / (double) validation.size());
                history.add(scored);
                save(graph, scored, datasetName);
                listener.onEpoch(summary);
                listener.onClassifierEpoch(scored);
            }
        }
        return history;
    }

    /** Summed loss and correct count over a whole data set, in batches. */
    static ClassifierTrainingGraph.BatchScore score(ClassifierTrainingGraph graph, MnistDataset data, int batchSize) {
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int n = Math.min(batchSize, data.size() - from);
            int[] indices = new int[n];
            for (int i = 0; i < n; i++) {
                indices[i] = from + i;
            }
            ClassifierTrainingGraph.BatchScore s = graph.score(data.batch(indices).pixels(), data.labels(indices), n);
            lossSum += s.lossSum();
            correct += s.correct();
        }
        return new ClassifierTrainingGraph.BatchScore(lossSum, correct);
    }

    private void save(ClassifierTrainingGraph graph, ClassifierEpoch epoch, String datasetName) {
        ParameterFile.write(folder.weightsFile(), Map.of("model", "lenet5", "epoch", Integer.toString(epoch.epoch())), graph.weights());
        folder.writeDescription(new ClassifierDescription("lenet5", datasetName, "[-1, 1]", config.summary(), epoch.epoch(),
                epoch.validationAccuracy(), Double.NaN, epoch.elapsedSeconds()));
    }
}
