package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.models.LeNetClassifier;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.imports.DenoiserCard;
import org.diffusion4j.interop.imports.ProjectImages;
import org.diffusion4j.interop.imports.SavedModelDenoiser;
import org.diffusion4j.evaluation.Predictions;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.core.samplers.ChainSampler;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.training.ClassifierTrainer;
import org.diffusion4j.training.ClassifierTrainingConfig;
import org.diffusion4j.training.ClassifierTrainingListener;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's bar for the Keras-trained zero model: 256 samples drawn through diffusion4j's own chain sampler,
 * and the project's own LeNet-5 (trained here, briefly) must call at least 80% of them '0'.
 */
class KerasZerosJudgedByLeNetTest {

    @Test
    void lenetCallsMostSamplesOfTheZeroModelZero(@TempDir Path temp) {
        // The model first (cheap to check), then 12,000 training digits: more than the committed subset holds.
        Path tw = ImportTest.tw();
        Path mnist = TestData.requireFullMnist();
        TrainValidationSplit split = MnistDataset.load(mnist, Split.TRAIN).subset(12_000).split(0.1, 3);
        ClassifierFolder folder = new ClassifierFolder(temp.resolve("lenet"));
        new ClassifierTrainer(folder, new ClassifierTrainingConfig(2, 64, 2e-3, 1, 0.1, 3, 0), ClassifierTrainingListener.SILENT)
                .train(split.train(), split.validation(), "mnist");

        DenoiserCard card = ImportTest.card("tw-diffusion-mnist0.json");
        ImageBatch samples;
        try (SavedModelDenoiser denoiser = SavedModelDenoiser.open(tw, card, null, false, 0)) {
            samples = new SamplingPipeline(denoiser, denoiser.schedule(), new ChainSampler())
                    .generate(256, 128, 11, SamplingObserver.NONE, SamplingPipeline.BatchProgress.NONE);
        }
        ImageBatch digits = ProjectImages.fromModel(samples, card.pixels(), card.fit(), 28);
        int[] counts;
        try (LeNetClassifier lenet = LeNetClassifier.load(folder, 0)) {
            counts = Predictions.histogram(Predictions.labels(lenet.probabilities(digits), 10), 10);
        }
        assertTrue(counts[0] >= 0.8 * 256, "LeNet-5 called " + counts[0] + " of 256 samples '0': " + java.util.Arrays.toString(counts));
        System.out.println("LeNet-5 labels of 256 samples of the Keras zero model: " + java.util.Arrays.toString(counts));
    }
}
