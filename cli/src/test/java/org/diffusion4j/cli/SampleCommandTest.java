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
