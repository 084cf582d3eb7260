package org.diffusion4j.cli;

import static org.diffusion4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.diffusion4j.cli.Cli.Outcome;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands a user types, end to end on a few hundred real digits. */
/** train --conditional, then sample a digit and a row per digit; the options are refused where they cannot apply. */
class ConditionalCommandsTest {

    private static final String MNIST = TestData.mnist().toString();

    @Test
    void conditionalRunSamplesOneDigitOrARowPerDigit(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        Outcome train = run("train", "--preset", "demo", "--conditional", "--label-dropout", "0.2", "--limit", "200", "--epochs", "1",
                "--batch-size", "32", "--model-channels", "8", "--channel-multipliers", "1,2", "--groups", "4", "--heads", "2",
                "--run", runDir.toString(), "--data", MNIST, "--quiet", "--no-sample", "--tensorboard-images", "10");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(Files.readString(runDir.resolve("model.json")).contains("\"classes\" : 10"));
        assertTrue(Files.readString(runDir.resolve("training.json")).contains("\"labelDropout\" : 0.2"));

        Outcome seven = run("sample", "--run", runDir.toString(), "--sampler", "ddim", "--steps", "3", "--digit", "7", "--guidance", "3",
                "--count", "4", "--columns", "4", "--quiet");
        assertEquals(0, seven.exitCode(), seven.err());
        java.awt.image.BufferedImage sevens = javax.imageio.ImageIO.read(runDir.resolve("samples-ddim3-digit7-w3.png").toFile());
        assertEquals(4.0, sevens.getWidth() / (double) sevens.getHeight(), 0.3, "4 images in one row");

        Outcome rows = run("sample", "--run", runDir.toString(), "--sampler", "ddim", "--steps", "3", "--columns", "3", "--quiet");
        assertEquals(0, rows.exitCode(), rows.err());
        java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(runDir.resolve("samples-ddim3-w3.png").toFile());
        // Ten rows of 28-pixel digits drawn 3 times larger, 2-pixel separators, and each row's digit named in a white margin.
        assertEquals(10 * 28 * 3 + 9 * 2, grid.getHeight(), "10 rows: one row per digit");
        assertTrue(grid.getWidth() > 3 * 28 * 3 + 2 * 2, "3 images a row and the names' margin");
        assertEquals(0xFFFFFF, grid.getRGB(1, 1) & 0xFFFFFF, "the margin beside the rows is white");

        Outcome badDigit = run("sample", "--run", runDir.toString(), "--digit", "12", "--quiet");
        assertEquals(1, badDigit.exitCode());
        assertTrue(badDigit.err().contains("--digit must be in 0..9"), badDigit.err());
    }

    @Test
    void unconditionalRunsRefuseDigitsAndGuidance(@TempDir Path dir) {
        Path runDir = dir.resolve("run");
        Outcome train = run("train", "--preset", "demo", "--limit", "100", "--epochs", "1", "--batch-size", "32", "--model-channels", "8",
                "--channel-multipliers", "1,2", "--groups", "4", "--heads", "2", "--run", runDir.toString(), "--data", MNIST, "--quiet",
                "--no-sample", "--no-tensorboard");
        assertEquals(0, train.exitCode(), train.err());
        Outcome digit = run("sample", "--run", runDir.toString(), "--digit", "3", "--quiet");
        assertEquals(1, digit.exitCode());
        assertTrue(digit.err().contains("train one with --conditional"), digit.err());
        assertEquals(1, digit.err().strip().lines().count(), digit.err());
        Outcome dropout = run("train", "--run", dir.resolve("other").toString(), "--label-dropout", "0.1", "--data", MNIST, "--quiet");
        assertEquals(1, dropout.exitCode());
        assertTrue(dropout.err().contains("add --conditional"), dropout.err());
    }
}
