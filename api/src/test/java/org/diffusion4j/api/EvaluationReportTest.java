package org.diffusion4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation report is grouped in code but written as the one flat object docs/results and scripts read. */
class EvaluationReportTest {

    /**
     * The fields of every report since image folders came, in order: those of docs/results/*-evaluation-*.json, plus the
     * data set, reference row, class names and features model after the classifier's accuracy, and the class mix a
     * conditional run was asked for.
     */
    private static final List<String> FIELDS = List.of("source", "sampler", "steps", "eta", "seed", "count", "classifier",
            "classifierFingerprint", "classifierTestAccuracy", "dataset", "reference", "classNames", "features", "rows", "testLabelCounts", "judge", "guidance", "guidanceMaxStep",
            "classMix", "classScores", "precision", "generationSeconds", "wallSeconds");

    private static JsonNode written(EvaluationReport report, Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        report.write(file);
        return new ObjectMapper().readTree(file.toFile());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void anUnconditionalRunsReportKeepsEveryFieldInItsPlace(@TempDir Path dir) throws IOException {
        EvaluationReport report = new EvaluationReport(
                new EvaluationReport.Images("runs/mnist", "ddpm", 20, 0.0, 7, 100),
                new EvaluationReport.Referee("lenet", "6e0d15604687dd2f", 0.99, "mnist", "test", List.of("0", "1"), null),
                new EvaluationReport.Table(List.of(), new int[] {1, 2}, null),
                EvaluationReport.Guided.NONE,
                new EvaluationReport.Cost("fp32", 1.5, 2.5));
        JsonNode json = written(report, dir);
        assertEquals(FIELDS, names(json));
        assertEquals("runs/mnist", json.get("source").asText());
        assertEquals("ddpm", json.get("sampler").asText());
        assertEquals(20, json.get("steps").asInt());
        assertEquals(7, json.get("seed").asLong());
        assertEquals(100, json.get("count").asInt());
        assertEquals("6e0d15604687dd2f", json.get("classifierFingerprint").asText());
        assertEquals(0.99, json.get("classifierTestAccuracy").asDouble());
        assertEquals("test", json.get("reference").asText());
        assertEquals("1", json.get("classNames").get(1).asText());
        assertEquals(2, json.get("testLabelCounts").get(1).asInt());
        assertEquals("fp32", json.get("precision").asText());
        assertEquals(1.5, json.get("generationSeconds").asDouble());
        assertEquals(2.5, json.get("wallSeconds").asDouble());
        for (String unset : new String[] {"judge", "guidance", "guidanceMaxStep", "classMix", "classScores"}) {
            assertEquals(true, json.get(unset).isNull(), unset);
        }
    }

    @Test
    void aGuidedReportCarriesItsGuidance(@TempDir Path dir) throws IOException {
        EvaluationReport report = new EvaluationReport(
                new EvaluationReport.Images("digits.idx", null, null, 0.0, 0, 10),
                new EvaluationReport.Referee("lenet", "f", 0.5, "/data/emoji", "held-out", List.of("flags", "food"), "/models/inception"),
                new EvaluationReport.Table(List.of(), new int[0], null),
                new EvaluationReport.Guided(3.0, 60, ClassMix.REFERENCE, List.of()),
                new EvaluationReport.Cost(null, 0, 1));
        JsonNode json = written(report, dir);
        assertEquals(FIELDS, names(json));
        assertEquals(3.0, json.get("guidance").asDouble());
        assertEquals(60, json.get("guidanceMaxStep").asInt());
        assertEquals("REFERENCE", json.get("classMix").asText());
        assertEquals(true, json.get("classScores").isArray());
        assertEquals(true, json.get("sampler").isNull());
        assertEquals(true, json.get("steps").isNull());
        assertEquals(true, json.get("precision").isNull());
    }
}
