package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.models.LeNetClassifier;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.networks.LeNet5;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.export.ClassifierExport;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.interop.imports.PixelRange;
import org.diffusion4j.interop.imports.SavedModelClassifier;
import org.junit.jupiter.api.BeforeAll;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ClassifierExportTest {

    @TempDir
    static Path temp;
    static ClassifierFolder folder;
    static Path exported;
    /** Real digits, so the activations are those of the images the classifier will judge. */
    static ImageBatch digits;

    @BeforeAll
    static void export() {
        folder = randomLeNet(temp.resolve("lenet"));
        exported = SavedModelExporter.export(ClassifierExport.fromFolder(folder), new ExportTarget(temp.resolve("serving"), "lenet", 1), 1);
        MnistDataset test = MnistDataset.load(TestData.mnist(), Split.TEST);
        digits = test.batch(new int[] {0, 1, 2, 3, 4, 5, 6});
    }

    /** A classifier folder holding seeded random LeNet-5 weights: export must not care whether they are trained. */
    static ClassifierFolder randomLeNet(Path dir) {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new LeNet5(params);
            ClassifierFolder folder = new ClassifierFolder(dir);
            ParameterFile.write(folder.weightsFile(), Map.of("model", "lenet5"), params.initialValues(11));
            return folder;
        }
    }

    @Test
    void servingLayoutPredictMethodAndDynamicBatch() {
        assertEquals(temp.resolve("serving/lenet/1"), exported);
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve")) {
            assertEquals(List.of("features", "serving_default"), bundle.signatures().stream().map(Signature::key).sorted().toList());
            for (Signature signature : bundle.signatures()) {
                assertEquals("tensorflow/serving/predict", signature.methodName(), signature.key());
                assertArrayEquals(new long[] {-1, 28, 28, 1}, signature.getInputs().get("images").shape.asArray(), signature.key());
            }
            assertEquals(10L, bundle.function("serving_default").signature().getOutputs().get("probabilities").shape.get(1));
            assertEquals(84L, bundle.function("features").signature().getOutputs().get("features").shape.get(1));
            assertFalse(bundle.graph().toGraphDef().getNodeList().stream().anyMatch(n -> n.getName().startsWith("adam")));
        }
        ExportManifest manifest = ExportManifest.readFrom(exported).orElseThrow();
        assertEquals("classifier", manifest.kind());
        assertEquals(PixelRange.PROJECT, manifest.classifier().pixels());
        assertTrue(manifest.inputs().contains("[-1, 1]"), manifest.inputs());
    }

    @Test
    void bothSignaturesGiveLeNetClassifierOutputsExactly() {
        float[] probabilities;
        float[] features;
        try (LeNetClassifier lenet = LeNetClassifier.load(folder, 1)) {
            probabilities = lenet.probabilities(digits);
            features = lenet.features(digits);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
             TFloat32 x = Tensors.floats(digits.pixels(), digits.shape());
             Result p = bundle.function("serving_default").call(Map.of("images", x));
             Result f = bundle.function("features").call(Map.of("images", x))) {
            assertArrayEquals(probabilities, Tensors.toArray((TFloat32) p.get("probabilities").orElseThrow()));
            assertArrayEquals(features, Tensors.toArray((TFloat32) f.get("features").orElseThrow()));
        }
    }

    @Test
    void loadsBackAsAJudgeWithoutACard() {
        try (LeNetClassifier lenet = LeNetClassifier.load(folder, 1);
             SavedModelClassifier judge = SavedModelClassifier.open(exported, null, null, false, 1)) {
            assertEquals(84, judge.featureSize());
            // The card maps [-1, 1] onto itself, which may round the last bit of a pixel: compare within float noise.
            assertArrayEquals(lenet.probabilities(digits), judge.probabilities(digits), 1e-6f);
            assertArrayEquals(lenet.features(digits), judge.features(digits), 1e-5f);
        }
    }
}
