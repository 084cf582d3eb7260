package org.diffusion4j.cli;

import static org.diffusion4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.diffusion4j.cli.Cli.Outcome;
import org.diffusion4j.models.networks.BlockType;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `train`'s network options: one section per architecture, the network they build, and a refusal where they do not apply. */
class NetworkOptionsTest {

    private static final String MNIST = TestData.mnist().toString();

    /** The network `train` would build from {@code args}, without training. */
    private static NetworkConfig network(String... args) {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs(args);
        return train.network.build(28, 0);
    }

    /** Where the option list declares {@code option} (the start of each line that does). */
    private static List<Integer> declarations(String help, String option) {
        return Pattern.compile("(?m)^ {6}" + Pattern.quote(option) + "(?=[=\\s])").matcher(help).results()
                .map(MatchResult::start).toList();
    }

    @Test
    void helpShowsTheShapeOptionsOfEachArchitectureInItsOwnSection() {
        CommandLine commandLine = Diffusion4j.commandLine();
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        assertEquals(0, commandLine.execute("train", "--help"));
        String help = out.toString();
        List<String> sections = List.of("U-Net options (--model unet):", "Transformer options (--model vit or dit):",
                "ViT options (--model vit):", "DiT options (--model dit):");
        List<List<String>> members = List.of(List.of("--model-channels", "--channel-multipliers", "--blocks-per-level", "--block",
                "--groups"), List.of("--patch-size", "--width", "--depth"), List.of("--patch-stride", "--head-dim"),
                List.of("--[no-]long-skips", "--mlp-ratio", "--[no-]mlp-conv", "--conv-channels", "--[no-]stem-skip"));
        for (int i = 0; i < sections.size(); i++) {
            int start = help.indexOf(sections.get(i));
            assertTrue(start > 0, sections.get(i) + " is missing:\n" + help);
            int end = i + 1 < sections.size() ? help.indexOf(sections.get(i + 1)) : help.length();
            for (String option : members.get(i)) {
                List<Integer> at = declarations(help, option);
                assertEquals(1, at.size(), option + " is not listed once:\n" + help);
                assertTrue(at.get(0) > start && at.get(0) < end, option + " is not under " + sections.get(i) + ":\n" + help);
            }
        }
        for (String option : List.of("--model", "--heads", "--timesteps", "--schedule")) {
            List<Integer> at = declarations(help, option);
            assertEquals(1, at.size(), option + " is not listed once:\n" + help);
            assertTrue(at.get(0) < help.indexOf(sections.get(0)), option + " applies to every model: a general option");
        }
    }

    @Test
    void optionsOfAnotherArchitectureAreRefusedInOneLineNamingWhereTheyApply(@TempDir Path dir) {
        List<List<String>> cases = List.of(
                List.of("unet", "--patch-stride", "2", "error: --patch-stride applies to --model vit, not unet"),
                List.of("dit", "--patch-stride", "2", "error: --patch-stride applies to --model vit, not dit"),
                List.of("dit", "--head-dim", "8", "error: --head-dim applies to --model vit, not dit"),
                List.of("unet", "--width", "16", "error: --width applies to --model vit or dit, not unet"),
                List.of("unet", "--patch-size", "2", "error: --patch-size applies to --model vit or dit, not unet"),
                List.of("vit", "--mlp-ratio", "2", "error: --mlp-ratio applies to --model dit, not vit"),
                List.of("vit", "--conv-channels", "0", "error: --conv-channels applies to --model dit, not vit"),
                List.of("dit", "--groups", "4", "error: --groups applies to --model unet, not dit"),
                List.of("vit", "--channel-multipliers", "1,2", "error: --channel-multipliers applies to --model unet, not vit"));
        for (List<String> c : cases) {
            Path runDir = dir.resolve(c.get(0) + c.get(1));
            Outcome refused = run("train", "--model", c.get(0), c.get(1), c.get(2), "--run", runDir.toString(), "--data", MNIST,
                    "--quiet");
            assertEquals(1, refused.exitCode(), c.toString());
            assertEquals(c.get(3), refused.err().strip(), c.toString());
            assertFalse(Files.exists(runDir.resolve("model.json")), c.toString());
        }
        for (String negated : List.of("--no-long-skips", "--long-skips", "--no-mlp-conv", "--stem-skip")) {
            Outcome refused = run("train", "--model", "unet", negated, "--run", dir.resolve("u").toString(), "--data", MNIST, "--quiet");
            assertEquals(1, refused.exitCode(), negated);
            assertEquals("error: --[no-]" + negated.replaceFirst("^--(no-)?", "") + " applies to --model dit, not unet",
                    refused.err().strip());
        }
    }

    @Test
    void leftOutOptionsKeepEachArchitecturesPreset() {
        assertEquals(UNetConfig.document000(28), network());
        assertEquals(VitConfig.mnistPreset(), network("--model", "vit"));
        assertEquals(DitConfig.mnistPreset(), network("--model", "dit"));
    }

    @Test
    void givenOptionsReachTheNetwork() {
        assertEquals(UNetConfig.builder().modelChannels(8).channelMultipliers(List.of(1, 2)).blocksPerLevel(2)
                        .blockType(BlockType.CONV_EMBED).groups(4).attentionHeads(2).timesteps(20).build(),
                network("--model-channels", "8", "--channel-multipliers", "1,2", "--blocks-per-level", "2", "--block", "CONV_EMBED",
                        "--groups", "4", "--heads", "2", "--timesteps", "20"));
        assertEquals(VitConfig.blogPostPreset().toBuilder().patchSize(4).patchStride(4).width(32).depth(1).heads(2).headDim(8)
                        .timesteps(20).build(),
                network("--model", "vit", "--vit-base", "blog-post", "--patch-size", "4", "--patch-stride", "4", "--width", "32",
                        "--depth", "1", "--heads", "2", "--head-dim", "8", "--timesteps", "20"));
        assertEquals(VitConfig.notebook().toBuilder().pixelTokens(false).levelBase(0).pixelScale(1).patchLoss(false).noiseRepeats(5)
                        .build(),
                network("--model", "vit", "--no-pixel-tokens", "--level-base", "0", "--pixel-scale", "1", "--no-patch-loss",
                        "--noise-repeats", "5"));
        assertEquals(DitConfig.mnistPreset().toBuilder().patchSize(7).width(32).depth(2).heads(2).mlpRatio(4).mlpConv(false)
                        .convChannels(4).longSkips(true).stemSkip(false).build(),
                network("--model", "dit", "--patch-size", "7", "--width", "32", "--depth", "2", "--heads", "2", "--mlp-ratio", "4",
                        "--no-mlp-conv", "--conv-channels", "4", "--long-skips", "--no-stem-skip"));
        // Without a stem there is nothing to skip: the preset's skip gives way.
        assertFalse(((DitConfig) network("--model", "dit", "--conv-channels", "0")).stemSkip());
    }
}
