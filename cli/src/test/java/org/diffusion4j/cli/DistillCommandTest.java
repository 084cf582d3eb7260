package org.diffusion4j.cli;

import static org.diffusion4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.diffusion4j.cli.Cli.Outcome;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** distill a small conditional run, then sample the student as a user would, with no sampler named. */
class DistillCommandTest {

    private static final String MNIST = TestData.mnist().toString();

    @Test
    void aDistilledStudentSamplesWithItsOwnSamplerAndBadRequestsGetOneLine(@TempDir Path dir) throws Exception {
        Path teacher = dir.resolve("teacher");
        Outcome train = run("train", "--preset", "demo", "--conditional", "--limit", "200", "--epochs", "1", "--batch-size", "32",
                "--model-channels", "8", "--channel-multipliers", "1,2", "--groups", "4", "--heads", "2", "--run", teacher.toString(),
                "--data", MNIST, "--quiet", "--no-sample", "--no-tensorboard");
        assertEquals(0, train.exitCode(), train.err());
        Path student = dir.resolve("student");
        Outcome distill = run("distill", "--teacher", teacher.toString(), "--run", student.toString(), "--to", "2", "--grid", "8",
                "--steps-per-round", "3", "--batch-size", "8", "--data", MNIST, "--quiet", "--no-tensorboard");
        assertEquals(0, distill.exitCode(), distill.err());
        assertTrue(distill.out().contains("round 2 done: a 2-step student"), distill.out());
        assertTrue(Files.readString(student.resolve("model.json")).contains("\"guidanceDistilled\" : 3.0"));
        // A folder student is scored against what its teacher held out, which the teacher's training.json picks.
        String teacherTraining = Files.readString(teacher.resolve("training.json"));
        assertEquals(teacherTraining, Files.readString(student.resolve("training.json")));
        assertEquals(teacherTraining, Files.readString(student.resolve("rounds").resolve("steps-2").resolve("training.json")));

        Outcome sample = run("sample", "--run", student.toString(), "--count", "4", "--quiet");
        assertEquals(0, sample.exitCode(), sample.err());
        try (Stream<Path> files = Files.list(student)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("samples-ddim2-grid8")),
                    "sampled with the student's 2 steps on its grid: " + sample.out());
        }

        Path classifier = dir.resolve("lenet");
        Outcome lenet = run("classifier", "train", "--data", MNIST, "--limit", "300", "--epochs", "1", "--out", classifier.toString(), "--quiet");
        assertEquals(0, lenet.exitCode(), lenet.err());
        Path report = dir.resolve("evaluation.json");
        Outcome evaluate = run("evaluate", "--run", student.toString(), "--count", "30", "--classifier", classifier.toString(), "--data", MNIST,
                "--quiet", "--out", report.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        String json = Files.readString(report);
        assertTrue(json.contains("\"steps\" : 2") && json.contains("\"sampler\" : \"ddim\""), "the student's own sampler: " + json);
        assertTrue(json.contains("\"guidance\" : 1.0"), "no guidance on top of the distilled one: " + json);

        Outcome again = run("distill", "--teacher", teacher.toString(), "--run", student.toString(), "--to", "2", "--grid", "8",
                "--steps-per-round", "3", "--batch-size", "8", "--data", MNIST, "--quiet", "--no-tensorboard");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(!again.out().contains("round 1 done"), "a finished student has nothing left to do: " + again.out());

        Outcome noTeacher = run("distill", "--teacher", dir.resolve("none").toString(), "--run", dir.resolve("s2").toString());
        assertEquals(1, noTeacher.exitCode());
        assertTrue(noTeacher.err().contains("train it first"), noTeacher.err());
        assertEquals(1, noTeacher.err().strip().lines().count(), noTeacher.err());
        Outcome badGrid = run("distill", "--teacher", teacher.toString(), "--run", dir.resolve("s3").toString(), "--to", "3");
        assertEquals(1, badGrid.exitCode());
        assertTrue(badGrid.err().contains("the grid must be the steps times a power of two"), badGrid.err());
    }
}
