package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.diffusion4j.data.MnistDataset;
import org.diffusion4j.data.Split;
import org.diffusion4j.interop.imports.ClassifierAccuracy;
import org.diffusion4j.interop.imports.ClassifierCard;
import org.diffusion4j.interop.imports.SavedModelClassifier;
import org.junit.jupiter.api.Test;

class ClassifierImportTest {

    @Test
    void kerasCnnClassifiesMnistAsDocumented() {
        MnistDataset test = MnistDataset.load(Path.of(System.getProperty("diffusion4j.shared", "../../shared"), "mnist"), Split.TEST);
        ClassifierCard card = InteropJson.read(Path.of("cards", "mnist-cnn-keras3-export.json"), ClassifierCard.class);
        try (SavedModelClassifier classifier = SavedModelClassifier.open(TinyRun.shared("mnist-cnn-keras3-export"), card, null, false, 2)) {
            assertEquals(10, classifier.classes());
            double accuracy = ClassifierAccuracy.measure(classifier, test, 10_000, 1000);
            System.out.printf("mnist-cnn-keras3-export: %.4f on MNIST t10k%n", accuracy);
            // The README's figure for this model with pixels / 255.
            assertEquals(0.9705, accuracy, 0.0005);
            assertThrows(IllegalArgumentException.class, () -> classifier.features(test.batch(new int[] {0})));
        }
    }

    @Test
    void pixelScaleMustBeGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SavedModelClassifier.open(TinyRun.shared("mnist-cnn-keras3-export"), null, null, false, 1));
        assertTrue(e.getMessage().contains("scores (PROBABILITIES or LOGITS)") && e.getMessage().contains("pixels"), e.getMessage());
    }
}
