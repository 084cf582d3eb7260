package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

class ExportRoundTripTest {

    static final int STEPS = 5;

    @TempDir
    static Path temp;
    static RunFolder run;
    static Path exported;

    @BeforeAll
    static void export() {
        run = TinyRun.create(temp.resolve("run"));
        exported = SavedModelExporter.export(DenoiserExport.fromRun(run, STEPS), ExportTarget.nextVersion(temp.resolve("serving"), "tiny"), 1);
    }

    @Test
    void writesTfServingLayoutWithManifestAndRefusesToOverwrite() {
        assertEquals(temp.resolve("serving/tiny/1"), exported);
        assertTrue(Files.isRegularFile(exported.resolve("saved_model.pb")));
        assertTrue(Files.isDirectory(exported.resolve("variables")));
        ExportManifest manifest = ExportManifest.readFrom(exported).orElseThrow();
        assertEquals(TinyRun.CONFIG, manifest.model().network());
        assertEquals(STEPS, manifest.sampleSteps());
        assertEquals(2, ExportTarget.nextVersion(temp.resolve("serving"), "tiny").version());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModelExporter.export(
                DenoiserExport.fromRun(run, STEPS), new ExportTarget(temp.resolve("serving"), "tiny", 1), 1));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }

    @Test
    void signaturesHaveServingMethodAndDynamicBatch() {
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve")) {
            assertEquals(java.util.Set.of("serving_default", "sample", "edit"),
                    bundle.signatures().stream().map(Signature::key).collect(java.util.stream.Collectors.toSet()));
            for (Signature signature : bundle.signatures()) {
                assertEquals("tensorflow/serving/predict", signature.methodName(), signature.key());
                // Every batched input takes any batch size; the edit's start step is a scalar.
                signature.getInputs().values().stream().filter(d -> d.shape.numDimensions() > 0)
                        .forEach(d -> assertEquals(-1L, d.shape.get(0), signature.key()));
            }
            // No optimizer state or EMA copies in the export: only the model's own variables.
            assertFalse(bundle.graph().toGraphDef().getNodeList().stream().anyMatch(n -> n.getName().startsWith("adam")
                    || n.getName().startsWith("ema")));
            // Convolutions as Conv2D, which every TensorFlow Serving knows, whatever route the Java networks take.
            assertTrue(bundle.graph().toGraphDef().getNodeList().stream().anyMatch(n -> n.getOp().equals("Conv2D")));
            assertFalse(bundle.graph().toGraphDef().getNodeList().stream().anyMatch(n -> n.getOp().equals("Conv")));
        }
    }

    @Test
    void denoiseOutputsMatchTheJavaModelWithEmaWeights() {
        ImageBatch noisy = SampleNoise.gaussian(3, 8, 8, 1, new SplittableRandom(1));
        int[] steps = {0, 7, 19};
        ImageBatch expected;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(TinyRun.CONFIG, run.samplingWeights(true), 1)) {
            expected = denoiser.predictNoise(noisy, steps);
        }
        assertArrayEquals(expected.pixels(), ExportedCalls.denoise(exported, noisy, steps));
    }

    @Test
    void inGraphSampleAgreesWithJavaDdim() {
        ImageBatch noise = SampleNoise.gaussian(4, 8, 8, 1, new SplittableRandom(2));
        ImageBatch java;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(TinyRun.CONFIG, run.samplingWeights(true), 1)) {
            java = new DdimSampler(STEPS, 0.0, true).sample(denoiser, run.modelSpec().noiseSchedule(), noise,
                    new SplittableRandom(3), SamplingObserver.NONE);
        }
        float[] graph = ExportedCalls.sample(exported, noise);
        double worst = 0;
        for (int i = 0; i < graph.length; i++) {
            double expected = Math.max(0, Math.min(1, (java.pixels()[i] + 1) / 2));
            worst = Math.max(worst, Math.abs(expected - graph[i]));
        }
        assertTrue(worst < 1e-4, "largest difference " + worst);
    }
}
