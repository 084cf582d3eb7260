package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.GuidedDenoiser;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.networks.UNetConfig;
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
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** A class-conditional run exported and loaded back: labels reach both signatures, guidance the sample one. */
class ConditionalExportTest {

    static final int STEPS = 4;
    static final UNetConfig CONFIG = TinyRun.CONFIG.withClasses(10);

    @TempDir
    static Path temp;
    static RunFolder run;
    static Path exported;

    @BeforeAll
    static void export() {
        run = TinyRun.create(temp.resolve("run"), CONFIG);
        exported = SavedModelExporter.export(DenoiserExport.fromRun(run, STEPS), ExportTarget.nextVersion(temp.resolve("serving"), "digits"), 1);
    }

    @Test
    void signaturesTakeLabelsAndTheSampleOneAGuidanceScale() {
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve")) {
            Map<String, Signature.TensorDescription> denoise = bundle.function("serving_default").signature().getInputs();
            Map<String, Signature.TensorDescription> sample = bundle.function("sample").signature().getInputs();
            assertEquals(java.util.Set.of("x_t", "t", "labels"), denoise.keySet());
            assertEquals(java.util.Set.of("noise", "labels", "guidance"), sample.keySet());
            assertEquals(java.util.Set.of("image", "mask", "noise", "start_step", "labels", "guidance"),
                    bundle.function("edit").signature().getInputs().keySet());
            assertEquals(0, sample.get("guidance").shape.numDimensions(), "guidance is a scalar");
            assertEquals(-1L, sample.get("labels").shape.get(0));
        }
        assertEquals(CONFIG, ExportManifest.readFrom(exported).orElseThrow().model().network());
        assertTrue(ExportManifest.readFrom(exported).orElseThrow().inputs().contains("labels int32"));
    }

    @Test
    void denoiseWithLabelsMatchesTheJavaModel() {
        ImageBatch noisy = SampleNoise.gaussian(3, 8, 8, 1, new SplittableRandom(1));
        int[] steps = {0, 7, 19};
        int[] labels = {3, 10, 9};
        ImageBatch expected;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(CONFIG, run.samplingWeights(true), 1)) {
            expected = denoiser.predictNoise(noisy, steps, labels);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
             TFloat32 x = Tensors.floats(noisy.pixels(), noisy.shape());
             TInt32 t = Tensors.ints(steps, steps.length);
             TInt32 y = Tensors.ints(labels, labels.length);
             Result result = bundle.function("serving_default").call(Map.of("x_t", x, "t", t, "labels", y))) {
            assertArrayEquals(expected.pixels(), Tensors.toArray((TFloat32) result.get("eps").orElseThrow()));
        }
    }

    @Test
    void inGraphGuidedSampleAgreesWithJavaGuidedDdim() {
        ImageBatch noise = SampleNoise.gaussian(4, 8, 8, 1, new SplittableRandom(2));
        int[] labels = {0, 7, 7, 2};
        for (float scale : new float[] {0f, 1f, 3f}) {
            ImageBatch java;
            try (NetworkDenoiser denoiser = new NetworkDenoiser(CONFIG, run.samplingWeights(true), 1)) {
                java = new DdimSampler(STEPS, 0.0, true).sample(new GuidedDenoiser(denoiser, labels, scale),
                        run.modelSpec().noiseSchedule(), noise, new SplittableRandom(3), SamplingObserver.NONE);
            }
            float[] graph;
            try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
                 TFloat32 x = Tensors.floats(noise.pixels(), noise.shape());
                 TInt32 y = Tensors.ints(labels, labels.length);
                 TFloat32 w = TFloat32.scalarOf(scale);
                 Result result = bundle.function("sample").call(Map.of("noise", x, "labels", y, "guidance", w))) {
                graph = Tensors.toArray((TFloat32) result.get("images").orElseThrow());
            }
            double worst = 0;
            for (int i = 0; i < graph.length; i++) {
                double expected = Math.max(0, Math.min(1, (java.pixels()[i] + 1) / 2));
                worst = Math.max(worst, Math.abs(expected - graph[i]));
            }
            assertTrue(worst < 1e-4, "guidance " + scale + ": largest difference " + worst);
            // The edit signature with nothing kept and no step skipped is the guided sample.
            float[] mask = new float[noise.pixels().length];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = 1;
            }
            float[] edited = ExportedCalls.edit(exported, noise.withPixels(new float[mask.length]), mask, noise, 0, labels, scale);
            for (int i = 0; i < graph.length; i++) {
                assertEquals(graph[i], edited[i], 1e-6, "guidance " + scale + ", pixel " + i);
            }
        }
    }
}
