package org.diffusion4j.bench;

import java.util.Locale;
import java.util.Map;

/** The report as plain-text tables for people; {@link BenchJson} writes the same figures for machines. */
public final class BenchTable {

    private BenchTable() {
    }

    public static String format(BenchReport report) {
        StringBuilder out = new StringBuilder();
        line(out, "model %s (%,d parameters), %d threads (%d processors), %s", report.model(), report.parameters(),
                report.threads(), report.processors(), report.environment().getOrDefault("precision", "fp32"));
        line(out, "environment: %s", report.environment());
        line(out, "FLOPs per image: forward %.1f MFLOP, training step %.1f MFLOP (%.2fx forward)",
                report.forwardFlopsPerImage().megaflops(), report.trainingStepFlopsPerImage().megaflops(),
                report.trainingStepFlopsPerImage().megaflops() / report.forwardFlopsPerImage().megaflops());
        for (MatMulBench.Result r : report.matMul()) {
            line(out, "float32 matrix product %dx%d: %.1f GFLOP/s (min %.1f, max %.1f)", r.size(), r.size(),
                    r.gflops().median(), r.gflops().min(), r.gflops().max());
        }
        out.append('\n');
        line(out, "%-18s %6s %12s %21s %9s %8s", "workload", "batch", "images/s", "min..max", "GFLOP/s", "of matmul");
        for (Throughput t : report.training()) {
            throughput(out, t);
        }
        for (Throughput t : report.forward()) {
            throughput(out, t);
        }
        if (!report.sampling().isEmpty()) {
            out.append('\n');
            line(out, "%-18s %6s %12s %21s %9s %14s", "sampling", "batch", "images/s", "min..max", "GFLOP/s", "outside denoiser");
            for (SamplingResult s : report.sampling()) {
                line(out, "%-18s %6d %12.1f %21s %9.1f %13.1f%%", s.sampler() + " x" + s.images(), s.batchSize(),
                        s.imagesPerSecond().median(), range(s.imagesPerSecond()), s.gflopsPerSecond(),
                        s.percentOutsideDenoiser().median());
            }
        }
        if (report.memory() != null) {
            MemoryRun m = report.memory();
            out.append('\n');
            line(out, "memory run: %s, %d images in batches of %d, %.0f s; RSS per batch (MiB): first %.0f, last %.0f, "
                            + "growth after the first tenth %+.1f MiB", m.sampler(), m.images(), m.batchSize(), m.seconds(),
                    mib(m.afterEachBatch().get(0).rssKib()), mib(m.afterEachBatch().get(m.afterEachBatch().size() - 1).rssKib()),
                    mib(m.rssGrowthKib()));
        }
        if (report.fldEvaluation() != null) {
            Stats seconds = report.fldEvaluation().seconds();
            line(out, "FLD evaluation of %d generated images (LeNet-5 features, statistics, distance): %.2f s (%.2f..%.2f)",
                    report.fldEvaluation().images(), seconds.median(), seconds.min(), seconds.max());
        }
        line(out, "peak RSS %.0f MiB", mib(report.peakRssKib()));
        return out.toString();
    }

    /** FLOPs by op type, for readers checking the count against a hand calculation. */
    public static String flopBreakdown(FlopCount count) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> e : count.byOpType().entrySet()) {
            line(out, "  %-22s %10.2f MFLOP", e.getKey(), e.getValue() / 1e6);
        }
        return out.toString();
    }

    private static void throughput(StringBuilder out, Throughput t) {
        line(out, "%-18s %6d %12.1f %21s %9.1f %8.0f%%", t.workload(), t.batchSize(), t.imagesPerSecond().median(),
                range(t.imagesPerSecond()), t.gflopsPerSecond(), 100 * t.fractionOfMatMul());
    }

    private static String range(Stats s) {
        return String.format(Locale.ROOT, "%.1f..%.1f", s.min(), s.max());
    }

    private static double mib(long kib) {
        return kib / 1024.0;
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
