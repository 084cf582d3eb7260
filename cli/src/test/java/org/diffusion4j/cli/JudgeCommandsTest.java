package org.diffusion4j.cli;

import static org.diffusion4j.cli.InteropCommandsTest.run;
import static org.diffusion4j.cli.InteropCommandsTest.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.datasets.DatasetFolder;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.datasets.IdxReader;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.networks.LeNet5;
import org.diffusion4j.testdata.IdxFixtures;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** export --classifier and evaluate --judge, end to end on real MNIST test digits. */
class JudgeCommandsTest {

    static final int DIGITS = 200;
    static final Path MNIST = TestData.mnist();
    /** What the last {@link #evaluate} printed. */
    static String lastOutput = "";

    /** The first {@code DIGITS} MNIST test images as an IDX file, standing in for generated images; returns their labels. */
    static int[] writeTestDigits(Path file) throws IOException {
        // The folder resolves gzip or unpacked files alike (the committed subset is unpacked).
        DatasetFolder folder = new DatasetFolder(MNIST, DatasetKind.MNIST);
        byte[] pixels = IdxReader.read(folder.images(Split.TEST)).data();
        Files.write(file, IdxFixtures.idx(new int[] {DIGITS, 28, 28}, Arrays.copyOf(pixels, DIGITS * 28 * 28)));
        byte[] labels = IdxReader.read(folder.labels(Split.TEST)).data();
        return java.util.stream.IntStream.range(0, DIGITS).map(i -> labels[i]).toArray();
    }

    static ClassifierFolder randomLeNet(Path dir) {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new LeNet5(params);
            ClassifierFolder folder = new ClassifierFolder(dir);
            ParameterFile.write(folder.weightsFile(), Map.of("model", "lenet5"), params.initialValues(5));
            return folder;
        }
    }

    static JsonNode evaluate(Path temp, Path digits, String... judge) throws IOException {
        Path report = temp.resolve("report.json");
        String[] common = {"--images", digits.toString(), "--classifier", temp.resolve("lenet").toString(), "--data", MNIST.toString(),
                "--offline", "-q", "--kid-subsets", "2", "--kid-subset-size", "100", "--threads", "2", "--out", report.toString()};
        String[] args = Arrays.copyOf(common, common.length + judge.length);
        System.arraycopy(judge, 0, args, common.length, judge.length);
        String out = run(new EvaluateCommand(), args);
        lastOutput = out;
        assertTrue(out.contains("judge "), out);
        return new ObjectMapper().readTree(report.toFile());
    }

    /** Without its card the Keras judge's softmax is read from the graph and its pixels assumed 0..1: right for this model. */
    @ParameterizedTest(name = "card given: {0}")
    @ValueSource(booleans = {true, false})
    void kerasJudgeLabelsRealDigitsCorrectly(boolean withCard, @TempDir Path temp) throws IOException {
        Path model = shared("mnist-cnn-keras3-export");
        randomLeNet(temp.resolve("lenet"));
        int[] truth = writeTestDigits(temp.resolve("digits.idx"));
        String[] judgeArgs = withCard
                ? new String[] {"--judge", model.toString(), "--judge-card", "../interop/cards/mnist-cnn-keras3-export.json"}
                : new String[] {"--judge", model.toString()};
        JsonNode judge = evaluate(temp, temp.resolve("digits.idx"), judgeArgs).get("judge");
        String note = "note: judge: assuming pixels in 0..1 (Keras' convention); pass --judge-card to override";
        assertEquals(withCard ? 0 : 1, lastOutput.lines().filter(note::equals).count(), lastOutput);
        int[] counts = new int[10];
        Arrays.setAll(counts, k -> judge.get("predictedCounts").get(k).asInt());
        int[] expected = new int[10];
        Arrays.stream(truth).forEach(label -> expected[label]++);
        // A 97% classifier on real digits: its histogram overlaps the true one almost entirely.
        int agreeing = 0;
        for (int k = 0; k < 10; k++) {
            agreeing += Math.min(counts[k], expected[k]);
        }
        assertTrue(agreeing >= 0.95 * DIGITS, Arrays.toString(counts) + " vs " + Arrays.toString(expected));
        assertTrue(judge.get("confidentShare").asDouble() > 0.9, judge.toString());
        assertTrue(judge.path("fld").isNull(), "the Keras model has no features signature: " + judge);
    }

    @Test
    void exportedLeNetJudgesExactlyLikeTheLeNetItCameFrom(@TempDir Path temp) throws IOException {
        ClassifierFolder lenet = randomLeNet(temp.resolve("lenet"));
        String exported = run(new ExportCommand(), "--classifier", lenet.root().toString(), "--base", temp.resolve("serving").toString(),
                "--threads", "1");
        Path model = temp.resolve("serving/lenet/1");
        assertTrue(exported.contains(model.toString()) && exported.contains("features -> [-1,84]"), exported);
        writeTestDigits(temp.resolve("digits.idx"));
        // No --judge-card: the export's manifest carries the card, features signature included.
        JsonNode report = evaluate(temp, temp.resolve("digits.idx"), "--judge", model.toString());
        JsonNode generated = report.get("rows").get(2);
        JsonNode judge = report.get("judge");
        for (int k = 0; k < 10; k++) {
            assertEquals(generated.get("predictedCounts").get(k).asInt(), judge.get("predictedCounts").get(k).asInt(), "class " + k);
        }
        // Same weights, same reference, same seeds: only the last float bit of a pixel may differ.
        for (String metric : new String[] {"fld", "kidMean"}) {
            double expected = generated.get(metric).asDouble();
            assertEquals(expected, judge.get(metric).asDouble(), 1e-6 + 1e-3 * Math.abs(expected), metric);
        }
    }

    /** Images from files with the labels they should show: the share read as them, per class, as a conditional run's scores. */
    @Test
    void imagesWithGivenLabelsAreScoredAgainstThem(@TempDir Path temp) throws IOException {
        randomLeNet(temp.resolve("lenet"));
        int[] truth = writeTestDigits(temp.resolve("digits.idx"));
        byte[] labels = new byte[truth.length];
        for (int i = 0; i < truth.length; i++) {
            labels[i] = (byte) truth[i];
        }
        Path labelFile = temp.resolve("labels.idx");
        Files.write(labelFile, IdxFixtures.idx(new int[] {truth.length}, labels));
        Path report = temp.resolve("labelled.json");
        String out = run(new EvaluateCommand(), "--images", temp.resolve("digits.idx").toString(), "--labels", labelFile.toString(),
                "--classifier", temp.resolve("lenet").toString(), "--data", MNIST.toString(), "--offline", "-q", "--kid-subsets", "2",
                "--kid-subset-size", "100", "--threads", "2", "--out", report.toString());
        assertTrue(out.contains("given labels: share classified as the given class"), out);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        JsonNode scores = json.get("classScores").get(0);
        int[] counts = new int[10];
        for (int label : truth) {
            counts[label]++;
        }
        for (int k = 0; k < 10; k++) {
            assertEquals(counts[k], scores.get("askedCounts").get(k).asInt(), "class " + k);
        }
        int read = 0;
        for (int k = 0; k < 10; k++) {
            read += json.get("rows").get(2).get("predictedCounts").get(k).asInt() > 0 ? 1 : 0;
        }
        assertTrue(read > 0);
        assertTrue(json.get("guidance").isNull(), "no guidance: the labels were given, not asked of a model");
    }
}
