package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.imports.GuardedLoader;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/** mnist-mlp-tf-saved_model-save fails in plain TF Java ("Could not find variable"); through our loader it classifies. */
class KerasMlpTest {

    @Test
    void twinHandlesAreFilledSoTheModelClassifies() {
        Path model = TinyRun.shared("mnist-mlp-tf-saved_model-save");
        MnistDataset test = MnistDataset.load(TestData.mnist(), Split.TEST);
        int[] indices = IntStream.range(0, 500).toArray();
        ImageBatch images = test.batch(indices);
        float[] unit = new float[images.pixels().length];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = (images.pixels()[i] + 1f) / 2f;
        }
        int correct = 0;
        try (SavedModelBundle bundle = GuardedLoader.load(model, List.of("serving_default"), false, 2);
             TFloat32 x = Tensors.floats(unit, indices.length, 28, 28, 1);
             Result result = bundle.function("serving_default").call(Map.of("inputs", x))) {
            float[] scores = Tensors.toArray((TFloat32) result.get("output_0").orElseThrow());
            for (int n = 0; n < indices.length; n++) {
                int best = 0;
                for (int k = 1; k < 10; k++) {
                    best = scores[n * 10 + k] > scores[n * 10 + best] ? k : best;
                }
                correct += best == test.label(n) ? 1 : 0;
            }
        }
        double accuracy = correct / (double) indices.length;
        System.out.printf("mnist-mlp accuracy on 500 test images: %.3f%n", accuracy);
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    }
}
