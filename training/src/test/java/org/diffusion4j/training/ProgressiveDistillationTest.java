package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** Distillation of a small conditional teacher: the rounds, what the student folder records, and a resume that repeats a whole run. */
class ProgressiveDistillationTest {

    static final UNetConfig TEACHER = UNetConfig.builder().imageSize(8).modelChannels(8).channelMultipliers(List.of(1, 2)).groups(4)
            .attentionHeads(2).timesteps(20).classes(3).build();
    static final DistillationConfig CONFIG = DistillationConfig.builder().steps(2).grid(8).stepsPerRound(3).batchSize(6).learningRate(1e-3)
            .emaDecay(0.5).guidance(2.0).seed(5).threads(1).build();

    /** 8x8 grey images: a bright square whose place is the class. */
    static class Squares implements TrainingData {
        public int size() {
            return 30;
        }

        public int height() {
            return 8;
        }

        public int width() {
            return 8;
        }

        public int channels() {
            return 1;
        }

        public void copyImages(int[] indices, int from, int count, float[] into) {
            for (int i = 0; i < count; i++) {
                int label = indices[from + i] % 3;
                for (int p = 0; p < 64; p++) {
                    int row = p / 8;
                    into[i * 64 + p] = row / 3 == label ? 0.9f : -0.9f;
                }
            }
        }

        public void copyLabels(int[] indices, int from, int count, int[] into) {
            for (int i = 0; i < count; i++) {
                into[i] = indices[from + i] % 3;
            }
        }
    }

    static Path teacher(Path dir) {
        Map<String, ParameterValue> values;
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            TEACHER.build(params);
            values = params.initialValues(7);
        }
        Map<String, ParameterValue> checkpoint = new LinkedHashMap<>();
        values.forEach((name, value) -> checkpoint.put(RunFolder.EMA_PREFIX + name, value));
        checkpoint.putAll(values);
        RunFolder run = new RunFolder(dir);
        run.writeJson(run.modelSpecFile(), new ModelSpec(TEACHER, "cosine"));
        ParameterFile.write(run.checkpointFile(), Map.of("step", "1"), checkpoint);
        return dir;
    }

    @Test
    void roundsHalveTheStepsAndTheStudentFolderIsARunMadeForItsSampler(@TempDir Path dir) throws Exception {
        Path student = new ProgressiveDistillation(teacher(dir.resolve("teacher")), dir.resolve("student"), new Squares(), CONFIG, false)
                .run(new ProgressiveDistillation.Listener() { });
        RunFolder run = new RunFolder(student);
        ModelSpec spec = run.modelSpec();
        assertEquals(Prediction.V, spec.prediction());
        assertEquals("ddim2-grid8", spec.sampling().sampler().label());
        assertEquals(2.0, spec.sampling().guidanceDistilled());
        assertEquals(TEACHER, spec.network());
        assertEquals(4, new RunFolder(student.resolve("rounds/steps-4")).modelSpec().sampling().sampler().steps());
        assertEquals(spec, new RunFolder(student.resolve("rounds/steps-2")).modelSpec());
        assertTrue(Files.exists(student.resolve("samples-steps4.png")) && Files.exists(student.resolve("samples-steps2.png")));
        assertEquals("6", ParameterFile.read(run.checkpointFile()).metadata().get("step"));
        List<String> history = Files.readAllLines(run.historyFile());
        assertEquals(List.of("round,student_steps,step", "1,4,3", "2,2,6"), history.stream().map(l -> l.substring(0, nthComma(l, 3))).toList());
        // The sampling weights are the moving average, which the round files hold.
        Map<String, ParameterValue> last = new RunFolder(student.resolve("rounds/steps-2")).samplingWeights(true);
        Map<String, ParameterValue> sampling = run.samplingWeights(true);
        assertEquals(last.keySet(), sampling.keySet());
        last.forEach((name, value) -> assertArrayEquals(value.values(), sampling.get(name).values(), name));
    }

    @Test
    void aRunKilledMidRoundResumesToTheUninterruptedRunsWeights(@TempDir Path dir) throws Exception {
        Path teacher = teacher(dir.resolve("teacher"));
        DistillationConfig config = CONFIG.toBuilder().checkpointEverySteps(2).build();
        Path whole = new ProgressiveDistillation(teacher, dir.resolve("whole"), new Squares(), config, false)
                .run(new ProgressiveDistillation.Listener() { });
        Path killed = dir.resolve("killed");
        // Dies at the end of round 1, after the checkpoint at step 2 and before the round's own.
        assertThrows(IllegalStateException.class, () -> new ProgressiveDistillation(teacher, killed, new Squares(), config, false)
                .run(new ProgressiveDistillation.Listener() {
                    @Override
                    public void onSteps(int round, int studentSteps, long step, long totalSteps, double meanLoss, double elapsedSeconds) {
                        throw new IllegalStateException("killed at step " + step);
                    }
                }));
        assertEquals("2", ParameterFile.read(new RunFolder(killed).checkpointFile()).metadata().get("step"));
        new ProgressiveDistillation(teacher, killed, new Squares(), config, false).run(new ProgressiveDistillation.Listener() { });
        Map<String, ParameterValue> expected = ParameterFile.read(new RunFolder(whole).checkpointFile()).values();
        Map<String, ParameterValue> resumed = ParameterFile.read(new RunFolder(killed).checkpointFile()).values();
        assertEquals(expected.keySet(), resumed.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name).values(), resumed.get(name).values(), 1e-6f, name);
        }
        List<String> steps = Files.readAllLines(new RunFolder(killed).historyFile()).stream().map(l -> l.substring(0, nthComma(l, 4))).toList();
        assertEquals(Files.readAllLines(new RunFolder(whole).historyFile()).stream().map(l -> l.substring(0, nthComma(l, 4))).toList(), steps);
    }

    @Test
    void aFinishedStudentGoesOnToFewerStepsWhenAskedForThem(@TempDir Path dir) throws Exception {
        Path teacher = teacher(dir.resolve("teacher"));
        Path student = new ProgressiveDistillation(teacher, dir.resolve("student"), new Squares(), CONFIG, false)
                .run(new ProgressiveDistillation.Listener() { });
        new ProgressiveDistillation(teacher, student, new Squares(), CONFIG.toBuilder().steps(1).build(), false).run(new ProgressiveDistillation.Listener() { });
        RunFolder run = new RunFolder(student);
        assertEquals("9", ParameterFile.read(run.checkpointFile()).metadata().get("step"));
        assertEquals("ddim1-grid8", run.modelSpec().sampling().sampler().label());
        assertEquals(2, new RunFolder(student.resolve("rounds/steps-2")).modelSpec().sampling().sampler().steps(), "earlier rounds stay");
    }

    @Test
    void aTeacherOnAnotherImageSizeIsRefusedBeforeAnyStep(@TempDir Path dir) {
        TrainingData wrong = new Squares() {
            @Override
            public int height() {
                return 16;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProgressiveDistillation(teacher(dir.resolve("t")),
                dir.resolve("s"), wrong, CONFIG, false).run(new ProgressiveDistillation.Listener() { }));
        assertTrue(e.getMessage().contains("give the data the teacher was trained on"), e.getMessage());
    }

    private static int nthComma(String line, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = line.indexOf(',', at + 1);
        }
        return at;
    }
}
