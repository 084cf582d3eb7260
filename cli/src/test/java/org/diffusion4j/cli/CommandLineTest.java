package org.diffusion4j.cli;

import static org.diffusion4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.diffusion4j.cli.Cli.Outcome;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands a user types, end to end on a few hundred real digits. */
class CommandLineTest {

    private static final String MNIST = TestData.mnist().toString();

    @Test
    void trainThenSampleWithBothSamplersAndAnAnimation(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        Outcome train = run("train", "--preset", "demo", "--limit", "300", "--epochs", "1", "--batch-size", "32",
                "--run", runDir.toString(), "--data", MNIST, "--quiet", "--no-sample");
        assertEquals(0, train.exitCode(), train.err());
        for (String file : new String[] {"model.json", "training.json", "checkpoint.d4j", "history.csv", "loss.png"}) {
            assertTrue(Files.isRegularFile(runDir.resolve(file)), file);
        }
        try (Stream<Path> events = Files.list(runDir.resolve("tensorboard"))) {
            assertEquals(1, events.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).count());
        }
        Path grid = dir.resolve("ddim.png");
        Path gif = dir.resolve("reverse.gif");
        Outcome sample = run("sample", "--run", runDir.toString(), "--sampler", "ddim", "--steps", "5", "--count", "6",
                "--out", grid.toString(), "--gif", gif.toString(), "--quiet");
        assertEquals(0, sample.exitCode(), sample.err());
        assertTrue(ImageIO.read(grid.toFile()).getWidth() > 28);
        assertTrue(Files.size(gif) > 0);
        Outcome ddpm = run("sample", "--run", runDir.toString(), "--sampler", "ddpm", "--count", "2",
                "--out", dir.resolve("ddpm.png").toString(), "--quiet");
        assertEquals(0, ddpm.exitCode(), ddpm.err());
        Outcome dpm = run("sample", "--run", runDir.toString(), "--sampler", "dpm++2m", "--steps", "5", "--count", "2",
                "--out", dir.resolve("dpm.png").toString(), "--quiet");
        assertEquals(0, dpm.exitCode(), dpm.err());
        assertTrue(Files.readString(runDir.resolve("training.json")).matches("(?s).*\"initialization\"\\s*:\\s*\"FAN_IN_ZERO_BRANCHES\".*"),
                "the demo preset starts residual branches at zero and records it");

        Outcome again = run("train", "--run", runDir.toString(), "--data", MNIST, "--quiet");
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("--resume"), again.err());

        // A resume trains on the run's own 300 images, not on the default of all of them.
        Outcome otherLimit = run("train", "--run", runDir.toString(), "--data", MNIST, "--resume", "--limit", "500", "--quiet");
        assertEquals(1, otherLimit.exitCode());
        assertTrue(otherLimit.err().contains("drop --limit 500"), otherLimit.err());
        Outcome resumed = run("train", "--run", runDir.toString(), "--data", MNIST, "--resume", "--epochs", "2", "--quiet",
                "--no-sample", "--no-tensorboard");
        assertEquals(0, resumed.exitCode(), resumed.err());
        List<String> history = Files.readAllLines(runDir.resolve("history.csv"));
        assertEquals(3, history.size(), String.join("\n", history));
        long firstEpochSteps = Long.parseLong(history.get(1).split(",")[1]);
        assertEquals(2 * firstEpochSteps, Long.parseLong(history.get(2).split(",")[1]), "steps per epoch after the resume");
    }

    @Test
    void badInputEndsInOneLineNamingTheFix(@TempDir Path dir) {
        Outcome size = run("train", "--run", dir.resolve("a").toString(), "--data", MNIST, "--channel-multipliers", "1,2,3,4");
        assertEquals(1, size.exitCode());
        assertTrue(size.err().startsWith("error: image size 28 is not divisible by 2^3"), size.err());
        assertEquals(1, size.err().strip().lines().count(), size.err());

        Outcome noData = run("train", "--run", dir.resolve("b").toString(), "--data", dir.resolve("nowhere").toString());
        assertEquals(1, noData.exitCode());
        assertEquals(1, noData.err().strip().lines().count(), noData.err());

        Outcome gamma = run("train", "--run", dir.resolve("c").toString(), "--data", MNIST, "--min-snr-gamma", "-1");
        assertEquals(1, gamma.exitCode());
        assertTrue(gamma.err().startsWith("error: Min-SNR gamma must be 0 (off) or positive (5 is usual)"), gamma.err());
        assertEquals(1, gamma.err().strip().lines().count(), gamma.err());

        Outcome noRun = run("sample", "--run", dir.resolve("missing").toString());
        assertEquals(1, noRun.exitCode());
        assertTrue(noRun.err().contains("not a diffusion4j run folder"), noRun.err());
    }
}
