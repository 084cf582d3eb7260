package org.diffusion4j.models.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.networks.VitConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run folders written by earlier versions still describe the network they trained. */
class ModelSpecTest {

    @Test
    void aDitRunFromBeforeTheMlpConvolutionReadsAsWithoutIt(@TempDir Path dir) throws Exception {
        // model.json of the dit preset's sixth run (2026-11-27), written before DitConfig had mlpConv.
        Files.writeString(dir.resolve("model.json"), """
                {
                  "architecture" : "dit",
                  "dit" : {
                    "imageSize" : 28, "inChannels" : 1, "patchSize" : 4, "width" : 128, "depth" : 6, "heads" : 4,
                    "mlpRatio" : 2, "learnedPositions" : false, "timesteps" : 100, "classes" : 0, "longSkips" : false,
                    "convChannels" : 16
                  },
                  "schedule" : "cosine"
                }
                """);
        DitConfig dit = (DitConfig) new RunFolder(dir).modelSpec().network();
        assertFalse(dit.mlpConv());
        assertFalse(dit.stemSkip());
        assertEquals(DitConfig.mnistPreset().withMlpConv(false).withStemSkip(false), dit);
        assertEquals(1_534_897, dit.parameterCount());
    }

    @Test
    void aDistilledStudentsSamplerIsWrittenAndReadBackAndOthersHaveNone(@TempDir Path dir) throws Exception {
        RunFolder run = new RunFolder(dir);
        SamplerSpec fourSteps = SamplerSpec.of("ddim").withSteps(4).withGrid(64);
        ModelSpec student = new ModelSpec(UNetConfig.document000(28).withClasses(10), "cosine", Prediction.V, new Sampling(fourSteps, 3.0));
        run.writeJson(run.modelSpecFile(), student);
        assertEquals(student, run.modelSpec());
        assertEquals("ddim4-grid64", run.modelSpec().sampling().sampler().label());
        assertTrue(Files.readString(run.modelSpecFile()).contains("\"guidanceDistilled\" : 3.0"));
        run.writeJson(run.modelSpecFile(), new ModelSpec(UNetConfig.document000(28), "cosine"));
        assertFalse(Files.readString(run.modelSpecFile()).contains("sampling"), "only a student records a sampler");
        assertNull(run.modelSpec().sampling());
    }

    @Test
    void theMlpConvolutionAndTheStemSkipAreWrittenAndReadBack(@TempDir Path dir) {
        RunFolder run = new RunFolder(dir);
        DitConfig mixing = DitConfig.mnistPreset().withMlpConv(true).withStemSkip(true);
        run.writeJson(run.modelSpecFile(), new ModelSpec(mixing, "cosine"));
        assertTrue(((DitConfig) run.modelSpec().network()).mlpConv());
        assertTrue(((DitConfig) run.modelSpec().network()).stemSkip());
        assertEquals(mixing, run.modelSpec().network());
    }

    @Test
    void aUNetRunFromBeforeTransformersAndLabelsReadsAsDocument000(@TempDir Path dir) throws Exception {
        // model.json as runs wrote it before "architecture" and "classes" existed.
        Files.writeString(dir.resolve("model.json"), """
                {
                  "unet" : {
                    "imageSize" : 28, "inChannels" : 1, "modelChannels" : 16, "channelMultipliers" : [ 1, 2, 3 ],
                    "blocksPerLevel" : 1, "blockType" : "RES_BLOCK", "groups" : 8, "attentionHeads" : 4, "timesteps" : 100
                  },
                  "schedule" : "cosine"
                }
                """);
        ModelSpec spec = new RunFolder(dir).modelSpec();
        assertEquals("unet", spec.architecture());
        assertEquals(UNetConfig.document000(28), spec.network());
    }

    @Test
    void aUNetWithoutLevelAttentionIsWrittenAsBeforeTheFieldExisted(@TempDir Path dir) throws Exception {
        RunFolder run = new RunFolder(dir);
        run.writeJson(run.modelSpecFile(), new ModelSpec(UNetConfig.document000(28), "cosine"));
        assertEquals("""
                {
                  "architecture" : "unet",
                  "unet" : {
                    "imageSize" : 28,
                    "inChannels" : 1,
                    "modelChannels" : 16,
                    "channelMultipliers" : [ 1, 2, 3 ],
                    "blocksPerLevel" : 1,
                    "blockType" : "RES_BLOCK",
                    "groups" : 8,
                    "attentionHeads" : 4,
                    "timesteps" : 100,
                    "classes" : 0
                  },
                  "schedule" : "cosine",
                  "prediction" : "EPS"
                }""", Files.readString(run.modelSpecFile()).strip());
        assertEquals(UNetConfig.document000(28), run.modelSpec().network());
    }

    @Test
    void theColourPresetsKeepTheirAttentionResolutions(@TempDir Path dir) throws Exception {
        RunFolder run = new RunFolder(dir);
        for (UNetConfig colour : new UNetConfig[] {UNetConfig.rgb32(), UNetConfig.rgb64()}) {
            run.writeJson(run.modelSpecFile(), new ModelSpec(colour, "cosine"));
            assertTrue(Files.readString(run.modelSpecFile()).contains("\"attentionResolutions\" : [ 16 ]"));
            assertEquals(colour, run.modelSpec().network());
            assertEquals(3, run.modelSpec().network().inChannels());
        }
    }

    @Test
    void everyFieldIsWrittenUnderTheNameEarlierVersionsWrote(@TempDir Path dir) throws Exception {
        RunFolder run = new RunFolder(dir);
        run.writeJson(run.modelSpecFile(), new ModelSpec(DitConfig.mnistPreset(), "cosine"));
        assertEquals("""
                {
                  "architecture" : "dit",
                  "dit" : {
                    "imageSize" : 28,
                    "inChannels" : 1,
                    "patchSize" : 4,
                    "width" : 128,
                    "depth" : 6,
                    "heads" : 4,
                    "mlpRatio" : 2,
                    "learnedPositions" : false,
                    "timesteps" : 100,
                    "classes" : 0,
                    "longSkips" : false,
                    "convChannels" : 16,
                    "mlpConv" : true,
                    "stemSkip" : true
                  },
                  "schedule" : "cosine",
                  "prediction" : "EPS"
                }""", Files.readString(run.modelSpecFile()).strip());
        run.writeJson(run.modelSpecFile(), new ModelSpec(VitConfig.mnistPreset(), "geometric"));
        assertEquals("""
                {
                  "architecture" : "vit",
                  "vit" : {
                    "imageSize" : 28,
                    "inChannels" : 1,
                    "patchSize" : 18,
                    "patchStride" : 10,
                    "width" : 324,
                    "depth" : 1,
                    "heads" : 100,
                    "headDim" : 100,
                    "inputResidual" : true,
                    "timesteps" : 500,
                    "classes" : 0,
                    "pixelTokens" : true,
                    "levelBase" : 0.99,
                    "pixelScale" : 0.5,
                    "patchLoss" : true,
                    "noiseRepeats" : 100
                  },
                  "schedule" : "geometric",
                  "prediction" : "EPS"
                }""", Files.readString(run.modelSpecFile()).strip());
        assertEquals(VitConfig.mnistPreset(), run.modelSpec().network());
        // A ViT saved before issue 27 has none of the notebook's fields: it reads back as the network it trained.
        Files.writeString(run.modelSpecFile(), """
                {"architecture": "vit", "vit": {"imageSize": 28, "inChannels": 1, "patchSize": 4, "patchStride": 2, "width": 16,
                 "depth": 3, "heads": 20, "headDim": 16, "inputResidual": true, "timesteps": 500, "classes": 0},
                 "schedule": "geometric"}""");
        assertEquals(VitConfig.blogPostPreset(), run.modelSpec().network());
        assertEquals(1.0, run.modelSpec().network().pixelScale());
    }
}
