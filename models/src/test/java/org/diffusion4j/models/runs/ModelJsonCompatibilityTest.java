package org.diffusion4j.models.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.testdata.ModelJsonFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model.json files earlier versions wrote (testdata's {@link ModelJsonFixtures}) read as the networks they trained,
 * and are written back in the same shape: only "prediction" is new.
 */
class ModelJsonCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What each fixture's run trained: architecture, network and schedule. */
    private static final Map<String, ModelSpec> EXPECTED = Map.of(
            "demo", new ModelSpec(UNetConfig.document000(28), "cosine"),
            "cond", new ModelSpec(UNetConfig.document000(28).withClasses(10), "cosine"),
            "dit", new ModelSpec(DitConfig.mnistPreset(), "cosine"),
            "vit", new ModelSpec(VitConfig.mnistPreset(), "geometric"),
            "unet-untagged", new ModelSpec(UNetConfig.document000(28), "cosine"));

    private static ModelSpec read(Path dir, String json) throws Exception {
        Files.writeString(dir.resolve("model.json"), json);
        return new RunFolder(dir).modelSpec();
    }

    @Test
    void everyEarlierRunReadsAsTheNetworkItTrained(@TempDir Path dir) throws Exception {
        assertEquals(EXPECTED.keySet(), Set.copyOf(ModelJsonFixtures.NAMES));
        for (String name : ModelJsonFixtures.NAMES) {
            ModelSpec spec = read(dir, ModelJsonFixtures.read(name));
            ModelSpec expected = EXPECTED.get(name);
            assertEquals(expected.architecture(), spec.architecture(), name);
            assertEquals(expected.network(), spec.network(), name);
            assertEquals(expected.schedule(), spec.schedule(), name);
            assertEquals(Prediction.EPS, spec.prediction(), name + ": runs from before the field predicted the noise");
            assertEquals(expected, spec, name);
        }
        NetworkConfig cond = read(dir, ModelJsonFixtures.read("cond")).network();
        assertEquals(10, cond.classes());
        assertTrue(cond.conditional());
        assertEquals(0.5, read(dir, ModelJsonFixtures.read("vit")).network().pixelScale());
        assertEquals(500, read(dir, ModelJsonFixtures.read("vit")).noiseSchedule().timesteps());
    }

    @Test
    void writingThenReadingKeepsTheRecordAndTheFileKeepsItsShape(@TempDir Path dir) throws Exception {
        RunFolder run = new RunFolder(dir);
        for (String name : ModelJsonFixtures.NAMES) {
            ModelSpec spec = read(dir, ModelJsonFixtures.read(name));
            run.writeJson(run.modelSpecFile(), spec);
            assertEquals(spec, run.modelSpec(), name);
            ObjectNode written = (ObjectNode) JSON.readTree(Files.readString(run.modelSpecFile()));
            assertEquals("EPS", written.remove("prediction").asText(), name);
            // The untagged file is rewritten as today's U-Nets are: with "architecture" and "classes", as demo has them.
            JsonNode before = JSON.readTree(ModelJsonFixtures.read(name.equals("unet-untagged") ? "demo" : name));
            assertEquals(before, written, name);
        }
    }

    @Test
    void aPredictionOtherThanTheNoiseIsWrittenAndReadBack(@TempDir Path dir) throws Exception {
        RunFolder run = new RunFolder(dir);
        ModelSpec v = new ModelSpec(DitConfig.mnistPreset(), "cosine", Prediction.V);
        run.writeJson(run.modelSpecFile(), v);
        assertTrue(Files.readString(run.modelSpecFile()).contains("\"prediction\" : \"V\""));
        assertEquals(v, run.modelSpec());
    }

    @Test
    void anUnknownArchitectureIsOneLineListingTheRegisteredOnes(@TempDir Path dir) throws Exception {
        String message = assertThrows(IllegalArgumentException.class,
                () -> read(dir, "{\"architecture\": \"resnet\", \"resnet\": {}, \"schedule\": \"cosine\"}")).getMessage();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("unknown architecture 'resnet'") && message.contains("unet, vit") && message.contains("dit"),
                message);
        String prediction = assertThrows(IllegalArgumentException.class,
                () -> read(dir, ModelJsonFixtures.read("demo").replace("\"schedule\"", "\"prediction\": \"NOISE\", \"schedule\"")))
                .getMessage();
        assertTrue(prediction.contains("unknown prediction 'NOISE'") && prediction.contains("EPS"), prediction);
        String two = assertThrows(IllegalArgumentException.class, () -> read(dir, ModelJsonFixtures.read("demo")
                .replace("\"schedule\"", "\"dit\": {}, \"schedule\""))).getMessage();
        assertTrue(two.contains("no field \"dit\""), two);
    }
}
