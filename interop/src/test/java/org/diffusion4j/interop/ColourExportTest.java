package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.interop.imports.ProjectImages;
import org.diffusion4j.interop.imports.SavedModelDenoiser;
import org.diffusion4j.interop.inspect.ModelInspection;
import org.diffusion4j.interop.inspect.SavedModelFile;
import org.diffusion4j.interop.inspect.SignatureInfo;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/** An RGB run exports, inspects and samples back through the SavedModel exactly like a grey one. */
class ColourExportTest {

    static final int STEPS = 4;
    /** 8x8 RGB with attention at 4x4 as well as in the middle: the colour presets' shape, small. */
    static final UNetConfig CONFIG = TinyRun.CONFIG.toBuilder().inChannels(3).attentionResolutions(List.of(4)).build();

    @TempDir
    static Path temp;
    static RunFolder run;
    static Path exported;

    @BeforeAll
    static void export() {
        run = TinyRun.create(temp.resolve("run"), CONFIG);
        exported = SavedModelExporter.export(DenoiserExport.fromRun(run, STEPS), ExportTarget.nextVersion(temp.resolve("serving"), "rgb"), 1);
    }

    @Test
    void bothSignaturesDeclareThreeChannels() {
        assertEquals(CONFIG, ExportManifest.readFrom(exported).orElseThrow().model().network());
        ModelInspection inspection = ModelInspection.of(SavedModelFile.read(exported), SavedModelFile.SERVE_TAG);
        Map<String, SignatureInfo> signatures = new java.util.HashMap<>();
        inspection.callableSignatures().forEach(s -> signatures.put(s.key(), s));
        SignatureInfo denoise = signatures.get(DenoiserExport.DENOISE_SIGNATURE);
        SignatureInfo sample = signatures.get(DenoiserExport.SAMPLE_SIGNATURE);
        assertEquals("float [-1,8,8,3]", denoise.input("x_t").dtype() + " " + denoise.input("x_t").shapeText());
        assertEquals("float [-1,8,8,3]", denoise.output("eps").dtype() + " " + denoise.output("eps").shapeText());
        assertEquals("float [-1,8,8,3]", sample.input("noise").dtype() + " " + sample.input("noise").shapeText());
        assertEquals("[-1,8,8,3]", sample.output("images").shapeText());
        String report = inspection.format();
        assertTrue(report.contains("[-1,8,8,3]"), report);
    }

    @Test
    void inGraphSampleAndImportedSamplingEqualTheJavaSampler() {
        ImageBatch noise = SampleNoise.gaussian(3, 8, 8, 3, new SplittableRandom(2));
        int[] steps = {0, 9, 19};
        ImageBatch javaNoise;
        ImageBatch javaImages;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(CONFIG, run.samplingWeights(true), 1)) {
            javaNoise = denoiser.predictNoise(noise, steps);
            javaImages = new DdimSampler(STEPS, 0, true).sample(denoiser, run.modelSpec().noiseSchedule(), noise,
                    new SplittableRandom(1), SamplingObserver.NONE);
        }
        float[] graph;
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
             TFloat32 x = Tensors.floats(noise.pixels(), noise.shape());
             Result result = bundle.function(DenoiserExport.SAMPLE_SIGNATURE).call(Map.of("noise", x))) {
            graph = Tensors.toArray((TFloat32) result.get("images").orElseThrow());
        }
        double worst = 0;
        for (int i = 0; i < graph.length; i++) {
            worst = Math.max(worst, Math.abs(Math.max(0, Math.min(1, (javaImages.pixels()[i] + 1) / 2)) - graph[i]));
        }
        assertTrue(worst < 1e-4, "largest difference " + worst);

        // What sample-imported runs: the importer reads everything from the export, and the Java sampler drives it.
        try (SavedModelDenoiser imported = SavedModelDenoiser.open(exported, null, null, false, 1)) {
            assertEquals(3, imported.channels());
            assertArrayEquals(javaNoise.pixels(), imported.predictNoise(noise, steps).pixels(), 1e-6f);
            ImageBatch importedImages = new DdimSampler(STEPS, 0, true).sample(imported, imported.schedule(), noise,
                    new SplittableRandom(1), SamplingObserver.NONE);
            assertArrayEquals(javaImages.pixels(), importedImages.pixels(), 1e-5f);
            ImageBatch project = ProjectImages.fromModel(importedImages, imported.card().pixels(), imported.card().fit(), 8);
            assertArrayEquals(importedImages.pixels(), project.pixels(), "a diffusion4j export's pixels are the project's");
        }
    }
}
