package org.diffusion4j.bench;

import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.models.LeNetClassifier;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.LeNet5;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.evaluation.FeatureStatistics;
import org.diffusion4j.evaluation.FrechetDistance;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/**
 * Times what an FLD evaluation adds once the images exist: LeNet-5 features of every generated image, their
 * mean and covariance, and the Fréchet distance to the reference statistics (which `evaluate` caches, so they
 * are computed outside the timing). Weights are random: the cost does not depend on their values.
 */
public final class FldBench {

    private FldBench() {
    }

    /** The timing of one evaluation of {@code images} generated images. */
    public record FldTiming(int images, Stats seconds) {
    }

    public static FldTiming measure(int images, int threads, int warmups, int repeats) {
        Map<String, ParameterValue> weights;
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new LeNet5(params);
            weights = params.initialValues(0);
        }
        ImageBatch generated = uniformImages(images, 1);
        try (LeNetClassifier lenet = new LeNetClassifier(weights, "bench", threads)) {
            ImageBatch real = uniformImages(Math.min(images, 2_000), 2);
            FeatureStatistics reference = FeatureStatistics.of(lenet.features(real), real.count(), lenet.featureSize());
            Stats seconds = RepeatedTiming.seconds(warmups, repeats, () -> {
                FeatureStatistics statistics = FeatureStatistics.of(lenet.features(generated), images, lenet.featureSize());
                FrechetDistance.between(reference, statistics);
            });
            return new FldTiming(images, seconds);
        }
    }

    private static ImageBatch uniformImages(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[count * LeNet5.IMAGE_SIZE * LeNet5.IMAGE_SIZE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return new ImageBatch(pixels, count, LeNet5.IMAGE_SIZE, LeNet5.IMAGE_SIZE, 1);
    }
}
