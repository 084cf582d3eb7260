package org.diffusion4j.cli;

import static org.diffusion4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffusion4j.cli.Cli.Outcome;
import org.diffusion4j.testdata.TestData;
import org.diffusion4j.models.graph.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands a user types, end to end on a few hundred real digits. */
/** train --model dit, export the run, and sample it back through the SavedModel, as with a U-Net run. */
class TransformerCommandsTest {

    private static final String MNIST = TestData.mnist().toString();
    /** bf16 where this machine trains in it (PrecisionTest checks the refusal elsewhere), fp32 otherwise. */
    private static final Precision TRAINING_PRECISION =
            Precision.BF16.trainingProblem().isEmpty() ? Precision.BF16 : Precision.FP32;

    @Test
    void ditRunTrainsExportsAndSamplesBackThroughTheSavedModel(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        Outcome train = run("train", "--model", "dit", "--long-skips", "--conv-channels", "4", "--stem-skip", "--width", "32", "--depth", "2", "--heads", "2", "--preset", "demo",
                "--limit", "200", "--epochs", "1", "--batch-size", "32", "--run", runDir.toString(), "--data", MNIST, "--quiet",
                "--no-sample", "--no-tensorboard", "--precision", TRAINING_PRECISION.label());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(Files.readString(runDir.resolve("training.json")).contains("\"precision\" : \"" + TRAINING_PRECISION + "\""));
        assertTrue(Files.readString(runDir.resolve("model.json")).contains("\"architecture\" : \"dit\""));
        assertTrue(Files.readString(runDir.resolve("model.json")).contains("\"longSkips\" : true"));
        assertTrue(Files.readString(runDir.resolve("model.json")).contains("\"convChannels\" : 4"));
        assertTrue(Files.readString(runDir.resolve("model.json")).contains("\"mlpConv\" : true"));
        assertTrue(Files.readString(runDir.resolve("model.json")).contains("\"stemSkip\" : true"));
        Outcome sample = run("sample", "--run", runDir.toString(), "--sampler", "ddim", "--steps", "3", "--count", "4", "--quiet",
                "--precision", "bf16");
        assertEquals(0, sample.exitCode(), sample.err());
        Outcome export = run("export", "--run", runDir.toString(), "--base", dir.resolve("serving").toString(), "--name", "dit");
        assertEquals(0, export.exitCode(), export.err());
        Path png = dir.resolve("imported.png");
        Outcome imported = run("sample-imported", dir.resolve("serving/dit/1").toString(), "--sampler", "ddim", "--steps", "3",
                "--count", "4", "--out", png.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(Files.size(png) > 0);
    }

    @Test
    void conditionalTransformersTakeDigitsToo(@TempDir Path dir) throws Exception {
        for (String model : new String[] {"dit", "vit"}) {
            Path runDir = dir.resolve(model);
            List<String> args = new ArrayList<>(List.of("train", "--model", model, "--conditional", "--width", "16", "--depth", "1",
                    "--heads", "2", "--patch-size", "4", "--timesteps", "20", "--preset", "demo", "--limit", "100", "--epochs", "1",
                    "--batch-size", "30", "--run", runDir.toString(), "--data", MNIST, "--quiet", "--no-sample", "--no-tensorboard"));
            if (model.equals("vit")) {
                // Only the ViT's patches can overlap; one noisy copy of each digit keeps the epoch at 3 steps of 30.
                args.addAll(List.of("--patch-stride", "4", "--noise-repeats", "1"));
            }
            Outcome train = run(args.toArray(String[]::new));
            assertEquals(0, train.exitCode(), model + ": " + train.err());
            Outcome sample = run("sample", "--run", runDir.toString(), "--sampler", "ddim", "--steps", "2", "--digit", "3",
                    "--count", "2", "--quiet");
            assertEquals(0, sample.exitCode(), model + ": " + sample.err());
            assertTrue(Files.isRegularFile(runDir.resolve("samples-ddim2-digit3-w3.png")), model);
        }
    }

    @Test
    void aDitRunWithoutAPresetTakesTheDitRecipe(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("dit");
        Outcome train = run("train", "--model", "dit", "--width", "16", "--depth", "1", "--heads", "2", "--limit", "100",
                "--epochs", "1", "--run", runDir.toString(), "--data", MNIST, "--quiet", "--no-sample", "--no-tensorboard");
        assertEquals(0, train.exitCode(), train.err());
        String training = Files.readString(runDir.resolve("training.json"));
        assertTrue(training.contains("\"batchSize\" : 16"), training);
        assertTrue(training.contains("\"warmupSteps\" : 2000"), training);
        assertTrue(training.contains("\"minSnrGamma\" : 0.0"), training);
        assertTrue(training.contains("\"epochs\" : 1"), training);
        String model = Files.readString(runDir.resolve("model.json"));
        assertTrue(model.contains("\"convChannels\" : 16"), model);
        assertTrue(model.contains("\"mlpRatio\" : 2"), model);
        assertTrue(model.contains("\"mlpConv\" : true"), model);
        assertTrue(model.contains("\"stemSkip\" : true"), model);
        // Without a stem there is nothing to skip: the preset's skip gives way instead of failing.
        Path linear = dir.resolve("linear");
        Outcome plain = run("train", "--model", "dit", "--conv-channels", "0", "--width", "16", "--depth", "1", "--heads", "2",
                "--limit", "100", "--epochs", "1", "--run", linear.toString(), "--data", MNIST, "--quiet", "--no-sample", "--no-tensorboard");
        assertEquals(0, plain.exitCode(), plain.err());
        assertTrue(Files.readString(linear.resolve("model.json")).contains("\"stemSkip\" : false"));
        Outcome unknown = run("train", "--preset", "fast", "--run", dir.resolve("x").toString(), "--data", MNIST, "--quiet");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("use demo, document000, quality, dit or vit"), unknown.err());
    }

    @Test
    void aVitRunWithoutAPresetTakesTheVitRecipeAndEndsWithDocument004sSampler(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("vit");
        Outcome train = run("train", "--model", "vit", "--depth", "1", "--heads", "2", "--head-dim", "8", "--limit", "100",
                "--run", runDir.toString(), "--data", MNIST, "--quiet", "--no-tensorboard");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(Files.readString(runDir.resolve("model.json")).contains("\"headDim\" : 8,"), "--head-dim reaches the network");
        String training = Files.readString(runDir.resolve("training.json"));
        // The notebook's training: one epoch of steps of 500 noisy pairs, Adam at a constant 1e-3, no moving average.
        assertTrue(training.contains("\"epochs\" : 1,"), training);
        assertTrue(training.contains("\"batchSize\" : 500"), training);
        assertTrue(training.contains("\"learningRate\" : 0.001"), training);
        assertTrue(training.contains("\"cosineDecay\" : false"), training);
        assertTrue(training.contains("\"emaDecay\" : 0.0,"), training);
        String model = Files.readString(runDir.resolve("model.json"));
        assertTrue(model.contains("\"patchSize\" : 18,") && model.contains("\"noiseRepeats\" : 100"), model);
        assertTrue(Files.isRegularFile(runDir.resolve("samples-stepwise100-s1.5.png")), train.err());
        assertTrue(Files.isRegularFile(runDir.resolve("samples-ddim20.png")), train.err());
        assertFalse(Files.exists(runDir.resolve("samples-ddpm.png")), "DDPM does not run on the geometric chain");
    }

    @Test
    void badTransformerSettingsEndInOneLineNamingTheFix(@TempDir Path dir) {
        Outcome heads = run("train", "--model", "dit", "--width", "30", "--heads", "4", "--run", dir.resolve("a").toString(),
                "--data", MNIST, "--quiet");
        assertEquals(1, heads.exitCode());
        assertEquals(1, heads.err().strip().lines().count(), heads.err());
        assertTrue(heads.err().contains("heads"), heads.err());
        Outcome model = run("train", "--model", "resnet", "--run", dir.resolve("b").toString(), "--data", MNIST, "--quiet");
        assertEquals(1, model.exitCode());
        assertTrue(model.err().contains("use unet, vit or dit"), model.err());
    }
}
