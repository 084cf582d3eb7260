package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.interop.imports.SavedModelDenoiser;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/** Transformer runs export and import like U-Net runs: same signatures, same answers, same sampling loop. */
class TransformerExportTest {

    static final int STEPS = 4;

    /** Small but complete: overlapping ViT patches, and a DiT with two blocks. */
    static java.util.List<NetworkConfig> networks() {
        return java.util.List.of(VitConfig.builder().imageSize(8).width(8).depth(2).heads(2).headDim(4).timesteps(20).build(),
                DitConfig.builder().imageSize(8).patchSize(2).width(16).depth(2).heads(2).mlpRatio(2).timesteps(20).build());
    }

    @ParameterizedTest
    @MethodSource("networks")
    void exportedTransformerAnswersAndSamplesLikeTheJavaOne(NetworkConfig config, @TempDir Path temp) {
        RunFolder run = TinyRun.create(temp.resolve("run"), config);
        Path exported = SavedModelExporter.export(DenoiserExport.fromRun(run, STEPS),
                ExportTarget.nextVersion(temp.resolve("serving"), config.architecture()), 1);
        assertEquals(config, ExportManifest.readFrom(exported).orElseThrow().model().network());

        ImageBatch noise = SampleNoise.gaussian(3, 8, 8, 1, new SplittableRandom(4));
        int[] steps = {0, 9, 19};
        ImageBatch javaNoise;
        ImageBatch javaImages;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(config, run.samplingWeights(true), 1)) {
            javaNoise = denoiser.predictNoise(noise, steps);
            javaImages = new DdimSampler(STEPS, 0, true).sample(denoiser, run.modelSpec().noiseSchedule(), noise,
                    new SplittableRandom(1), SamplingObserver.NONE);
        }
        // Back through the importer: the same sampling loop drives the SavedModel.
        try (SavedModelDenoiser imported = SavedModelDenoiser.open(exported, null, null, false, 1)) {
            assertArrayEquals(javaNoise.pixels(), imported.predictNoise(noise, steps).pixels(), 1e-6f);
            ImageBatch importedImages = new DdimSampler(STEPS, 0, true).sample(imported, imported.schedule(), noise,
                    new SplittableRandom(1), SamplingObserver.NONE);
            assertArrayEquals(javaImages.pixels(), importedImages.pixels(), 1e-5f);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
             TFloat32 x = Tensors.floats(noise.pixels(), noise.shape());
             Result result = bundle.function("sample").call(Map.of("noise", x))) {
            float[] graph = Tensors.toArray((TFloat32) result.get("images").orElseThrow());
            double worst = 0;
            for (int i = 0; i < graph.length; i++) {
                worst = Math.max(worst, Math.abs(Math.max(0, Math.min(1, (javaImages.pixels()[i] + 1) / 2)) - graph[i]));
            }
            assertTrue(worst < 1e-4, config.architecture() + ": largest difference " + worst);
        }
    }
}
