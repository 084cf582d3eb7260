package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.evaluation.ClassifierAccuracy;
import org.diffusion4j.interop.imports.ClassifierCard;
import org.diffusion4j.interop.imports.PixelRange;
import org.diffusion4j.interop.imports.SavedModelClassifier;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClassifierImportTest {

    @TempDir
    Path temp;

    @Test
    void kerasCnnClassifiesMnistAsDocumented() {
        Path model = TinyRun.shared("mnist-cnn-keras3-export");
        // The documented figure is over all 10,000 test digits.
        MnistDataset test = MnistDataset.load(TestData.requireFullMnist(), Split.TEST);
        ClassifierCard card = InteropJson.read(Path.of("cards", "mnist-cnn-keras3-export.json"), ClassifierCard.class);
        try (SavedModelClassifier classifier = SavedModelClassifier.open(model, card, null, false, 2)) {
            assertEquals(10, classifier.classes());
            double accuracy = ClassifierAccuracy.measure(classifier, test, 10_000, 1000);
            System.out.printf("mnist-cnn-keras3-export: %.4f on MNIST t10k%n", accuracy);
            // The README's figure for this model with pixels / 255.
            assertEquals(0.9705, accuracy, 0.0005);
            assertTrue(classifier.assumptions().isEmpty(), classifier.assumptions().toString());
            assertThrows(IllegalArgumentException.class, () -> classifier.features(test.batch(new int[] {0})));
        }
    }

    /** The Keras export's softmax sits three function calls below its signature; without a card it is found there. */
    @Test
    void kerasCnnWithoutCardReadsSoftmaxFromTheGraphAndAssumesKerasPixels() {
        Path model = TinyRun.shared("mnist-cnn-keras3-export");
        MnistDataset test = MnistDataset.load(TestData.mnist(), Split.TEST);
        ClassifierCard card = InteropJson.read(Path.of("cards", "mnist-cnn-keras3-export.json"), ClassifierCard.class);
        double withCard;
        try (SavedModelClassifier classifier = SavedModelClassifier.open(model, card, null, false, 2)) {
            withCard = ClassifierAccuracy.measure(classifier, test, 1000, 500);
        }
        try (SavedModelClassifier classifier = SavedModelClassifier.open(model, null, null, false, 2)) {
            assertEquals(ClassifierCard.Scores.PROBABILITIES, classifier.card().scores());
            assertEquals(new PixelRange(0, 1), classifier.card().pixels());
            assertEquals(List.of("assuming pixels in 0..1 (Keras' convention)"), classifier.assumptions());
            double inferred = ClassifierAccuracy.measure(classifier, test, 1000, 500);
            assertEquals(withCard, inferred, "the inferred card should be the written one");
            assertTrue(inferred > 0.95, "accuracy " + inferred);
        }
    }

    @ParameterizedTest
    @EnumSource(TinyClassifier.Input.class)
    void softmaxClassifierNeedsNoCardInAnyInputLayout(TinyClassifier.Input input) {
        Map<String, ParameterValue> weights = TinyClassifier.export(temp.resolve("model"), input, TinyClassifier.Head.SOFTMAX);
        ImageBatch digits = digits(5);
        try (SavedModelClassifier classifier = SavedModelClassifier.open(temp.resolve("model"), null, null, false, 1)) {
            assertEquals(ClassifierCard.Scores.PROBABILITIES, classifier.card().scores());
            assertEquals("images", classifier.card().imageInput());
            assertEquals(1, classifier.assumptions().size());
            // Project pixels [-1, 1] reach the model as 0..1; probabilities are passed through, not softmaxed again.
            assertArrayEquals(TinyClassifier.expectedProbabilities(weights, keras(digits)), classifier.probabilities(digits), 1e-5f);
        }
    }

    @Test
    void linearOutputIsReadAsLogitsAndTheCardOverridesThePixels() {
        Map<String, ParameterValue> weights = TinyClassifier.export(temp.resolve("model"), TinyClassifier.Input.CHANNEL,
                TinyClassifier.Head.LOGITS);
        ImageBatch digits = digits(4);
        ClassifierCard projectPixels = ClassifierCard.builder().pixels(PixelRange.PROJECT).build();
        try (SavedModelClassifier classifier = SavedModelClassifier.open(temp.resolve("model"), projectPixels, null, false, 1)) {
            assertEquals(ClassifierCard.Scores.LOGITS, classifier.card().scores());
            assertTrue(classifier.assumptions().isEmpty(), classifier.assumptions().toString());
            assertArrayEquals(TinyClassifier.expectedProbabilities(weights, digits.pixels()), classifier.probabilities(digits), 1e-5f);
        }
    }

    @Test
    void anOutputThatIsNeitherSoftmaxNorLinearMustBeDescribed() {
        TinyClassifier.export(temp.resolve("model"), TinyClassifier.Input.IMAGE, TinyClassifier.Head.SIGMOID);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SavedModelClassifier.open(temp.resolve("model"), null, null, false, 1));
        assertTrue(e.getMessage().contains("scores (PROBABILITIES or LOGITS; output 'scores' comes from a Sigmoid op)")
                && e.getMessage().contains("--card"), e.getMessage());
    }

    private static ImageBatch digits(int n) {
        MnistDataset test = MnistDataset.load(TestData.mnist(), Split.TEST);
        return test.batch(IntStream.range(0, n).toArray());
    }

    private static float[] keras(ImageBatch images) {
        float[] out = new float[images.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (images.pixels()[i] + 1f) / 2f;
        }
        return out;
    }
}
