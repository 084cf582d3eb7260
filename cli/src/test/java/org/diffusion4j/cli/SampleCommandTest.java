package org.diffusion4j.cli;

import static org.diffusion4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.diffusion4j.cli.Cli.Outcome;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.networks.UNet;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.networks.VisionTransformer;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.datasets.ImageFiles;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** sample on document 004's geometric chain: the samplers that walk it run, DDPM says in one line which ones do. */
class SampleCommandTest {

    /** An untrained tiny U-Net on the geometric chain: enough to run every sampler, and no training to wait for. */
    private static Path geometricRun(Path dir) {
        UNetConfig config = UNetConfig.builder().imageSize(8).modelChannels(8).channelMultipliers(List.of(1, 2)).groups(4)
                .attentionHeads(2).timesteps(20).build();
        RunFolder run = new RunFolder(dir.resolve("geometric"));
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new UNet(params, config);
            run.writeJson(run.modelSpecFile(), new ModelSpec(config, "geometric"));
            ParameterFile.write(run.checkpointFile(), Map.of(), params.initialValues(1));
        }
        return run.root();
    }

    @Test
    void dpmSolverAndDdimWalkTheGeometricChainAndDdpmNamesTheFix(@TempDir Path dir) throws Exception {
        Path run = geometricRun(dir);
        for (String sampler : new String[] {"dpm++2m", "ddim"}) {
            Outcome sample = run("sample", "--run", run.toString(), "--sampler", sampler, "--steps", "4", "--count", "3", "--quiet",
                    "--threads", "1");
            assertEquals(0, sample.exitCode(), sample.err());
            assertTrue(Files.isRegularFile(run.resolve("samples-" + sampler + "4.png")), sampler);
        }
        Outcome ddpm = run("sample", "--run", run.toString(), "--count", "2", "--quiet", "--threads", "1");
        assertEquals(1, ddpm.exitCode());
        assertEquals(1, ddpm.err().strip().lines().count(), ddpm.err());
        assertTrue(ddpm.err().contains("use the ddim or dpm++2m sampler (or stepwise on the geometric chain)"), ddpm.err());
    }

    @Test
    void idxFilesHoldTheSamplesClippedOrEachAutoscaledForEvaluate(@TempDir Path dir) throws Exception {
        // The notebook's ViT at 12x12 (4 overlapping tokens of 64), untrained, sampled in its x / 256 - 0.5 units.
        VitConfig config = VitConfig.builder().imageSize(12).patchSize(8).patchStride(4).width(64).depth(1).heads(2).headDim(8)
                .timesteps(20).pixelTokens(true).levelBase(0.9).pixelScale(0.5).patchLoss(true).noiseRepeats(4).build();
        RunFolder run = new RunFolder(dir.resolve("vit"));
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new VisionTransformer(params, config);
            run.writeJson(run.modelSpecFile(), new ModelSpec(config, "geometric"));
            ParameterFile.write(run.checkpointFile(), Map.of(), params.initialValues(1));
        }
        for (boolean autoscale : new boolean[] {false, true}) {
            Path idx = dir.resolve(autoscale ? "autoscaled.idx" : "clipped.idx");
            List<String> args = new java.util.ArrayList<>(List.of("sample", "--run", run.root().toString(), "--sampler", "stepwise",
                    "--steps", "5", "--count", "3", "--idx", idx.toString(), "--quiet", "--threads", "1"));
            if (autoscale) {
                args.add("--autoscale");
            }
            Outcome sample = run(args.toArray(String[]::new));
            assertEquals(0, sample.exitCode(), sample.err());
            ImageBatch images = ImageFiles.read(idx);
            assertEquals(3, images.count());
            assertEquals(12, images.height());
            for (int n = 0; n < 3; n++) {
                double low = Double.MAX_VALUE;
                double high = -Double.MAX_VALUE;
                for (int i = n * 144; i < (n + 1) * 144; i++) {
                    low = Math.min(low, images.pixels()[i]);
                    high = Math.max(high, images.pixels()[i]);
                }
                assertTrue(low >= -1 && high <= 1, "image " + n + " spans " + low + " to " + high);
                if (autoscale) {
                    assertEquals(-1, low, 1e-6, "image " + n);
                    assertEquals(1, high, 1e-6, "image " + n);
                }
            }
        }
    }

    @Test
    void theSameSeedDrawsTheSameImages(@TempDir Path dir) throws Exception {
        Path run = geometricRun(dir);
        Path first = dir.resolve("first.png");
        Path second = dir.resolve("second.png");
        for (Path out : new Path[] {first, second}) {
            Outcome sample = run("sample", "--run", run.toString(), "--sampler", "stepwise", "--steps", "5", "--count", "3", "--seed", "4",
                    "--batch-size", "2", "--out", out.toString(), "--quiet", "--threads", "1");
            assertEquals(0, sample.exitCode(), sample.err());
        }
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }
}
