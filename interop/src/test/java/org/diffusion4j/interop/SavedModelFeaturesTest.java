package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.imports.FeaturesCard;
import org.diffusion4j.interop.imports.PixelRange;
import org.diffusion4j.interop.imports.SavedModelFeatures;
import org.diffusion4j.interop.imports.SizeFit;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;

/** A Keras SavedModel as a feature space: its one input and output found, images brought to its size, bad cases named. */
class SavedModelFeaturesTest {

    @Test
    void aKerasModelsOnlyOutputIsItsFeatureVector() {
        Path keras = TestData.model("mnist-cnn-keras3-export");
        FeaturesCard card = new FeaturesCard(null, null, null, new PixelRange(0, 1), SizeFit.RESIZE);
        try (SavedModelFeatures features = SavedModelFeatures.open(keras, card, false, 1)) {
            assertEquals(10, features.featureSize());
            // 32x32 images are resized to the model's 28x28; its softmax rows sum to one.
            ImageBatch images = new ImageBatch(new float[2 * 32 * 32], 2, 32, 32, 1);
            float[] vectors = features.features(images);
            assertEquals(20, vectors.length);
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                sum += vectors[k];
            }
            assertEquals(1.0, sum, 1e-4);

            IllegalArgumentException colour = assertThrows(IllegalArgumentException.class,
                    () -> features.features(new ImageBatch(new float[28 * 28 * 3], 1, 28, 28, 3)));
            assertTrue(colour.getMessage().contains("reads grey images and these are RGB"), colour.getMessage());
        }
    }

    @Test
    void aSignatureWithSeveralOutputsNeedsTheCardToNameOne() {
        Path module = TestData.model("fashion-mnist-ondevice-train");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SavedModelFeatures.open(module, new FeaturesCard("infer", null, null, null, null), false, 1));
        assertTrue(refused.getMessage().contains("has 2 outputs") && refused.getMessage().contains("features card's output"),
                refused.getMessage());
    }
}
