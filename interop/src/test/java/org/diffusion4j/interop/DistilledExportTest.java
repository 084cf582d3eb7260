package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.denoisers.GuidedDenoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.training.ProgressiveDistillation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A distilled student (v-predicting, made for 2 DDIM steps on an 8-step grid) exported: its sample signature walks the
 * student's own timesteps, one call per step, and gives the Java sampler's images to 1e-4; a student with guidance distilled
 * in takes labels and no guidance.
 */
class DistilledExportTest {

    @TempDir
    Path temp;

    @Test
    void anUnconditionalStudentsSampleSignatureGivesTheJavaSamplersImages() {
        check(TinyRun.CONFIG, 0);
    }

    @Test
    void aStudentWithGuidanceDistilledInSamplesInOneCallPerStepWithoutAGuidanceInput() {
        check(TinyRun.CONFIG.withClasses(10), 3.0);
    }

    private void check(UNetConfig config, double guidance) {
        RunFolder run = TinyRun.create(temp.resolve("student"), config);
        ModelSpec student = ProgressiveDistillation.studentSpec(run.modelSpec(), 2, 8, guidance);
        run.writeJson(run.modelSpecFile(), student);
        // Asked for 20 steps, a student still exports the sampler it was made for.
        Path exported = SavedModelExporter.export(DenoiserExport.fromRun(run, 20), ExportTarget.nextVersion(temp.resolve("serving"), "s"), 1);
        assertEquals(2, ExportManifest.readFrom(exported).orElseThrow().sampleSteps());
        assertEquals(student.sampling(), ExportManifest.readFrom(exported).orElseThrow().model().sampling());
        ImageBatch noise = SampleNoise.gaussian(3, 8, 8, 1, new SplittableRandom(2));
        int[] labels = {0, 7, 2};
        ImageBatch sampled;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(student, run.samplingWeights(true), 1, Precision.FP32)) {
            Denoiser walked = config.conditional() ? new GuidedDenoiser(denoiser, labels, 1.0) : denoiser;
            sampled = student.sampling().sampler().create().sample(walked, student.noiseSchedule(), noise, new SplittableRandom(3),
                    SamplingObserver.NONE);
        }
        float[] graph;
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
             TFloat32 x = Tensors.floats(noise.pixels(), noise.shape());
             TInt32 y = Tensors.ints(labels, labels.length)) {
            var inputs = bundle.function("sample").signature().getInputs().keySet();
            assertEquals(config.conditional() ? Set.of("noise", "labels") : Set.of("noise"), inputs);
            try (Result result = bundle.function("sample").call(config.conditional() ? Map.of("noise", x, "labels", y) : Map.of("noise", x))) {
                graph = Tensors.toArray((TFloat32) result.get("images").orElseThrow());
            }
        }
        double worst = 0;
        for (int i = 0; i < graph.length; i++) {
            double expected = Math.max(0, Math.min(1, (sampled.pixels()[i] + 1) / 2));
            worst = Math.max(worst, Math.abs(expected - graph[i]));
        }
        assertTrue(worst < 1e-4, "largest difference " + worst);
    }
}
