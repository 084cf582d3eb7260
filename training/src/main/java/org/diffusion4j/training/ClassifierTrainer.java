package org.diffusion4j.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.core.classifiers.ClassifierDescription;
import org.diffusion4j.core.classifiers.ClassifierInput;
import org.diffusion4j.datasets.ImageFolderDataset;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.networks.LeNet5;

/**
 * Trains LeNet-5 on a labelled data set (MNIST-format or an image folder) and keeps the result in a classifier folder. Batches come from
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
     * What a classifier learns from: labelled images split into training and validation, and how to describe them.
     *
     * @param input       the images' size and channels and the class names
     * @param datasetName recorded in the folder's description ("mnist", or the image folder)
     * @param shiftFill   what fills the pixels a random shift uncovers
     */
    public record LabelledData(TrainingData train, TrainingData validation, ClassifierInput input, String datasetName,
                               PixelShifts.Fill shiftFill) {

        /** An MNIST-format data set: 28x28 digits, shifts filled with the black background. */
        public static LabelledData mnist(MnistDataset train, MnistDataset validation, String datasetName) {
            if (train.height() != LeNet5.IMAGE_SIZE || train.width() != LeNet5.IMAGE_SIZE) {
                throw new IllegalArgumentException("LeNet-5 takes 28x28 digits, got " + train.height() + "x" + train.width()
                        + "; do not pad the data set");
            }
            return new LabelledData(new DatasetTrainingData(train), new DatasetTrainingData(validation), ClassifierInput.MNIST,
                    datasetName, PixelShifts.Fill.BLACK);
        }

        /** An image folder's split, its classes from the sub-folders; shifts repeat the edge, whatever the background. */
        public static LabelledData folder(FolderTrainingData train, FolderTrainingData validation, String datasetName) {
            ImageFolderDataset images = train.dataset();
            ClassifierInput input = LeNet5.requireReadable(new ClassifierInput(images.imageSize(), images.channels(), images.classNames()));
            return new LabelledData(train, validation, input, datasetName, PixelShifts.Fill.EDGE);
        }
    }

    /** Trains on an MNIST-format split; {@code datasetName} ("mnist") is recorded in the folder's description. */
    public List<ClassifierEpoch> train(MnistDataset train, MnistDataset validation, String datasetName) {
        return train(LabelledData.mnist(train, validation, datasetName));
    }

    /** Trains from fresh weights on the training part, validating on the rest; returns the epochs. */
    public List<ClassifierEpoch> train(LabelledData data) {
        TrainingData train = data.train();
        int batchSize = config.batchSize();
        int stepsPerEpoch = train.size() / batchSize;
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("the training set has " + train.size() + " images, fewer than one batch of "
                    + batchSize + "; use a smaller --batch-size");
        }
        long totalSteps = (long) stepsPerEpoch * config.epochs();
        int imageLength = train.height() * train.width() * train.channels();
        PixelShifts.ImageShape shape = new PixelShifts.ImageShape(train.height(), train.width(), train.channels());
        float[] batch = new float[batchSize * imageLength];
        int[] batchLabels = new int[batchSize];
        List<ClassifierEpoch> history = new ArrayList<>();
        long started = System.nanoTime();
        try (ClassifierTrainingGraph graph = new ClassifierTrainingGraph(data.input(), config.threads())) {
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
                    train.copyLabels(order, b * batchSize, batchSize, batchLabels);
                    PixelShifts.apply(batch, shape, batchSize, config.maxShift(), data.shiftFill(), shifts);
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
                TrainingData validation = data.validation();
                ClassifierTrainingGraph.BatchScore validationScore = score(graph, validation, batchSize);
                double seconds = (System.nanoTime() - started) / 1e9;
                EpochSummary summary = new EpochSummary(epoch + 1, step, lossSum / stepsPerEpoch,
                        validationScore.lossSum() / validation.size(), rate, step * batchSize / seconds, seconds);
                ClassifierEpoch scored = new ClassifierEpoch(summary, validationScore.correct() / (double) validation.size());
                history.add(scored);
                save(graph, scored, data);
                listener.onEpoch(summary);
                listener.onClassifierEpoch(scored);
            }
        }
        return history;
    }

    /** Summed loss and correct count over a whole data set, in batches. */
    static ClassifierTrainingGraph.BatchScore score(ClassifierTrainingGraph graph, TrainingData data, int batchSize) {
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        float[] pixels = new float[batchSize * data.height() * data.width() * data.channels()];
        int[] labels = new int[batchSize];
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int n = Math.min(batchSize, data.size() - from);
            data.copyImages(all, from, n, pixels);
            data.copyLabels(all, from, n, labels);
            ClassifierTrainingGraph.BatchScore s = graph.score(pixels, java.util.Arrays.copyOf(labels, n), n);
            lossSum += s.lossSum();
            correct += s.correct();
        }
        return new ClassifierTrainingGraph.BatchScore(lossSum, correct);
    }

    private void save(ClassifierTrainingGraph graph, ClassifierEpoch epoch, LabelledData data) {
        ParameterFile.write(folder.weightsFile(), Map.of("model", "lenet5", "epoch", Integer.toString(epoch.epoch())), graph.weights());
        folder.writeDescription(new ClassifierDescription("lenet5", data.datasetName(), "[-1, 1]", config.summary(), epoch.epoch(),
                epoch.validationAccuracy(), Double.NaN, epoch.elapsedSeconds(), data.input()));
    }
}
