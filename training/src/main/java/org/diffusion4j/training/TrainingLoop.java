package org.diffusion4j.training;

import java.util.SplittableRandom;
import org.diffusion4j.datasets.Permutations;

/**
 * Steps a training graph through a span of steps: each batch comes from a per-epoch permutation seeded by
 * (seed, epoch) and each step's noise from (seed, step), so resuming from a checkpoint replays exactly what an
 * uninterrupted run does. All else is the listeners' work: every step and every epoch's summary go to them.
 */
final class TrainingLoop {

    private final TrainingGraph graph;
    private final TrainingData data;
    private final TrainingConfig config;
    private final TrainingSpan span;
    private final ClassBalancedOrder balancedOrder;

    TrainingLoop(TrainingGraph graph, TrainingData data, TrainingConfig config, TrainingSpan span) {
        this.graph = graph;
        this.data = data;
        this.config = config;
        this.span = span;
        this.balancedOrder = graph.conditional() && config.classBalance() > 0 ? new ClassBalancedOrder(labels(data), config.classBalance())
                : null;
    }

    private static int[] labels(TrainingData data) {
        int[] all = new int[data.size()];
        int[] identity = new int[data.size()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        data.copyLabels(identity, 0, identity.length, all);
        return all;
    }

    /** The order of an epoch's images. */
    static int[] permutation(int size, long seed, int epoch) {
        return Permutations.shuffled(size, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
    }

    /** Runs the span; an epoch's summary carries the validation loss measured at its end. */
    void run(ValidationLoss validation, TrainingListener listeners) {
        int batchSize = config.batchSize();
        float[] images = new float[batchSize * data.height() * data.width() * data.channels()];
        int[] labels = graph.conditional() ? new int[batchSize] : null;
        int[] order = null;
        int orderEpoch = -1;
        // A session resumed inside an epoch averages its own steps of it only, which affects nothing but the log.
        double epochLossSum = 0;
        int epochLossCount = 0;
        long startNanos = System.nanoTime();
        long step = span.startStep();
        while (step < span.stopStep()) {
            int epoch = (int) (step / span.stepsPerEpoch());
            int first = (int) (step % span.stepsPerEpoch()) * batchSize;
            if (orderEpoch != epoch) {
                order = balancedOrder != null ? balancedOrder.order(config.seed(), epoch) : permutation(data.size(), config.seed(), epoch);
                orderEpoch = epoch;
            }
            long stepStart = System.nanoTime();
            data.copyImages(order, first, batchSize, images);
            if (labels != null) {
                data.copyLabels(order, first, batchSize, labels);
            }
            double rate = config.learningRateAt(step, span.totalSteps());
            TrainingBatch batch = new TrainingBatch(images, labels, batchSize, config.seed(), step);
            float loss = graph.step(batch, rate, config.emaDecayAt(step));
            long stepNanos = System.nanoTime() - stepStart;
            step++;
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double imagesPerSecond = (step - span.startStep()) * batchSize / Math.max(seconds, 1e-9);
            double elapsedSeconds = span.startSeconds() + seconds;
            listeners.onStep(new StepResult(step, span.totalSteps(), loss, rate, stepNanos, imagesPerSecond, elapsedSeconds));
            epochLossSum += loss;
            epochLossCount++;
            if (span.endsEpoch(step)) {
                listeners.onEpoch(new EpochSummary(epoch + 1, step, epochLossSum / epochLossCount, validation.measure(), rate,
                        imagesPerSecond, elapsedSeconds));
                epochLossSum = 0;
                epochLossCount = 0;
            }
        }
    }
}
