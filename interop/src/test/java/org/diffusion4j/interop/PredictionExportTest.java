package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose network predicts v exports a denoise signature that answers with noise, as its card says, like the Java model. */
class PredictionExportTest {

    @Test
    void aVelocityNetworksExportAnswersWithNoise(@TempDir Path temp) {
        RunFolder run = TinyRun.create(temp.resolve("run"));
        ModelSpec spec = new ModelSpec(TinyRun.CONFIG, "cosine", Prediction.V);
        run.writeJson(run.modelSpecFile(), spec);
        Path exported = SavedModelExporter.export(DenoiserExport.fromRun(run, 3), ExportTarget.nextVersion(temp.resolve("serving"), "v"), 1);
        ExportManifest manifest = ExportManifest.readFrom(exported).orElseThrow();
        assertEquals(Prediction.EPS, manifest.denoiser().prediction());
        assertEquals(Prediction.V, manifest.model().prediction());
        ImageBatch noisy = SampleNoise.gaussian(3, 8, 8, 1, new SplittableRandom(6));
        int[] steps = {1, 10, 19};
        float[] java;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(spec, run.samplingWeights(true), 1, Precision.FP32)) {
            java = denoiser.predictNoise(noisy, steps).pixels();
        }
        float[] graph = ExportedCalls.denoise(exported, noisy, steps);
        for (int i = 0; i < graph.length; i++) {
            assertEquals(java[i], graph[i], 1e-5 * Math.max(1, Math.abs(java[i])), "pixel " + i);
        }
    }
}
