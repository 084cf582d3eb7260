package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.models.LeNetClassifier;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.evaluation.EvaluationRow;
import org.diffusion4j.evaluation.Evaluator;
import org.diffusion4j.evaluation.MeanImageDistance;
import org.diffusion4j.evaluation.ReferenceFeatures;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on real MNIST: a LeNet trained briefly, then the table's sanity checks. */
class ClassifierEvaluationTest {

    @TempDir
    Path temp;

    @Test
    void briefLeNetTrainsAndTheMetricsOrderTestTrainRandom() {
        Path mnist = TestData.mnist();
        MnistDataset train = MnistDataset.load(mnist, Split.TRAIN).subset(2000);
        MnistDataset test = MnistDataset.load(mnist, Split.TEST).subset(1000);
        TrainValidationSplit split = train.split(0.1, 1);
        ClassifierFolder folder = new ClassifierFolder(temp.resolve("lenet"));
        ClassifierTrainingConfig config = ClassifierTrainingConfig.builder().epochs(1).batchSize(64).learningRate(2e-3)
                .maxShift(1).seed(1).threads(1).build();
        List<ClassifierEpoch> history = new ClassifierTrainer(folder, config, ClassifierTrainingListener.SILENT)
                .train(split.train(), split.validation(), "mnist");
        assertEquals(1, history.size());
        assertTrue(history.get(0).validationAccuracy() > 0.6, "one epoch on 1,800 digits gave " + history.get(0).validationAccuracy());
        assertTrue(Files.isRegularFile(folder.weightsFile()));
        assertEquals("lenet5", folder.readDescription().model());

        try (LeNetClassifier classifier = LeNetClassifier.load(folder, 1)) {
            ImageBatch testImages = test.batch(indices(test.size()));
            Path cache = ReferenceFeatures.cacheFile(folder.statisticsDir(), "mnist-test", classifier);
            ReferenceFeatures reference = ReferenceFeatures.loadOrCompute(cache, classifier, () -> testImages);
            assertTrue(Files.isRegularFile(cache));
            ReferenceFeatures cached = ReferenceFeatures.loadOrCompute(cache, classifier, () -> {
                throw new AssertionError("the cache should have been used");
            });
            assertEquals(reference.statistics().count(), cached.statistics().count());

            Evaluator evaluator = new Evaluator(classifier, reference, MeanImageDistance.of(test, 10), 200, 5, 3);
            EvaluationRow testRow = evaluator.evaluate("test", testImages);
            EvaluationRow trainRow = evaluator.evaluate("train", train.batch(indices(1000)));
            EvaluationRow randomRow = evaluator.evaluate("random", uniformNoise(1000));
            assertTrue(testRow.fld() < 1e-3, "test against itself gave FLD " + testRow.fld());
            assertTrue(randomRow.fld() > 20 * trainRow.fld(), "random " + randomRow.fld() + " vs train " + trainRow.fld());
            assertTrue(randomRow.kidMean() > 20 * Math.abs(trainRow.kidMean()), "KID random " + randomRow.kidMean()
                    + " vs train " + trainRow.kidMean());
            assertTrue(randomRow.meanImageDistance() > trainRow.meanImageDistance());
            assertEquals(1000, java.util.Arrays.stream(trainRow.predictedCounts()).sum());
            assertEquals(1000, java.util.Arrays.stream(trainRow.nearestMeanCounts()).sum());
        }
    }

    private static ImageBatch uniformNoise(int count) {
        SplittableRandom random = new SplittableRandom(5);
        float[] pixels = new float[count * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return new ImageBatch(pixels, count, 28, 28, 1);
    }

    private static int[] indices(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }
}
