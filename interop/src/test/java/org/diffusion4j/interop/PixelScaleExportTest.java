package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network that trains in other pixel units (document 004's notebook ViT: half the [-1, 1] range) exports a sample
 * signature whose images are pixels in [0, 1], not the network's units, and a card that says the denoiser's range.
 */
class PixelScaleExportTest {

    private static final int STEPS = 4;
    private static final VitConfig HALF_SCALE = VitConfig.builder().imageSize(8).width(8).depth(1).heads(2).headDim(4).timesteps(20)
            .pixelScale(0.5).build();

    @Test
    void theSampleSignatureUndoesThePixelScale(@TempDir Path temp) {
        RunFolder run = TinyRun.create(temp.resolve("run"), HALF_SCALE);
        Path exported = SavedModelExporter.export(DenoiserExport.fromRun(run, STEPS), ExportTarget.nextVersion(temp.resolve("serving"), "vit"), 1);
        ImageBatch noise = SampleNoise.gaussian(3, 8, 8, 1, new SplittableRandom(5));
        ImageBatch networkUnits;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(HALF_SCALE, run.samplingWeights(true), 1)) {
            networkUnits = new DdimSampler(STEPS, 0.0, true).sample(denoiser, run.modelSpec().noiseSchedule(), noise, new SplittableRandom(1),
                    SamplingObserver.NONE);
        }
        float[] graph = ExportedCalls.sample(exported, noise);
        double worst = 0;
        boolean differsFromUnscaled = false;
        for (int i = 0; i < graph.length; i++) {
            double pixel = networkUnits.pixels()[i] / 0.5;
            double expected = Math.max(0, Math.min(1, (pixel + 1) / 2));
            double unscaled = Math.max(0, Math.min(1, (networkUnits.pixels()[i] + 1) / 2));
            worst = Math.max(worst, Math.abs(expected - graph[i]));
            differsFromUnscaled |= Math.abs(unscaled - graph[i]) > 1e-3;
        }
        assertTrue(worst < 1e-4, "largest difference " + worst);
        assertTrue(differsFromUnscaled, "the images must not be the network's units");
        ExportManifest manifest = ExportManifest.readFrom(exported).orElseThrow();
        assertEquals(-0.5, manifest.denoiser().pixels().black());
        assertEquals(0.5, manifest.denoiser().pixels().white());
    }
}
