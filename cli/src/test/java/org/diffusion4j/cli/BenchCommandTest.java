package org.diffusion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.diffusion4j.bench.BenchJson;
import org.diffusion4j.bench.BenchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `diffusion4j bench --quick` end to end (seconds; its figures mean nothing) and its one-line errors. */
class BenchCommandTest {

    private record Outcome(int exitCode, String err) {
    }

    private static Outcome run(String... args) {
        CommandLine commandLine = Diffusion4j.commandLine();
        // Works before and after bench is listed among Diffusion4j's subcommands.
        if (!commandLine.getSubcommands().containsKey("bench")) {
            commandLine.addSubcommand(new BenchCommand());
        }
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Outcome(code, err.toString());
    }

    @Test
    void quickRunMeasuresEverythingAndWritesJson(@TempDir Path dir) {
        Path json = dir.resolve("bench.json");
        Outcome outcome = run("bench", "--quick", "--threads", "1", "--memory-images", "4", "--json", json.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());

        BenchReport report = BenchJson.read(json).reports().get(0);
        assertEquals(403_409, report.parameters());
        assertEquals(85.8, report.forwardFlopsPerImage().megaflops(), 85.8 * 0.03);
        assertEquals(1, report.training().size());
        assertEquals(1, report.forward().size());
        assertEquals(2, report.sampling().size());
        assertTrue(report.training().get(0).imagesPerSecond().median() > 0);
        assertTrue(report.sampling().get(0).sampler().startsWith("ddpm"), report.sampling().get(0).sampler());
        double outside = report.sampling().get(1).percentOutsideDenoiser().median();
        assertTrue(outside >= 0 && outside <= 100, "outside share " + outside);
        assertTrue(report.peakRssKib() != 0);
        // Quick batches hold 2 images: 4 images are 2 batches, one memory point each.
        assertEquals(2, report.memory().afterEachBatch().size());
    }

    @Test
    void aPrecisionListMeasuresEachInTheSameRun(@TempDir Path dir) {
        Path json = dir.resolve("bench.json");
        Outcome outcome = run("bench", "--quick", "--threads", "1", "--precision", "fp32,bf16", "--profile", "1",
                "--sample-count", "0", "--fld-images", "0", "--json", json.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        var reports = BenchJson.read(json).reports();
        assertEquals(2, reports.size());
        assertEquals("fp32", reports.get(0).environment().get("precision"));
        assertEquals("bf16", reports.get(1).environment().get("precision"));
        assertTrue(reports.get(1).training().get(0).imagesPerSecond().median() > 0);
    }

    @Test
    void badInputEndsInOneLine() {
        Outcome precision = run("bench", "--quick", "--precision", "fp16");
        assertEquals(1, precision.exitCode());
        assertTrue(precision.err().startsWith("error: unknown precision 'fp16'; use fp32 or bf16"), precision.err());

        Outcome model = run("bench", "--quick", "--model", "resnet");
        assertEquals(1, model.exitCode());
        assertTrue(model.err().startsWith("error: unknown model 'resnet'"), model.err());
        assertEquals(1, model.err().strip().lines().count(), model.err());

        Outcome repeats = run("bench", "--quick", "--repeats", "0");
        assertEquals(1, repeats.exitCode());
        assertTrue(repeats.err().contains("repeats >= 1"), repeats.err());
    }
}
