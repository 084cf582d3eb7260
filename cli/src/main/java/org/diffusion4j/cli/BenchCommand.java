package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffusion4j.bench.BenchConfig;
import org.diffusion4j.bench.BenchJson;
import org.diffusion4j.bench.BenchReport;
import org.diffusion4j.bench.BenchTable;
import org.diffusion4j.bench.Benchmark;
import picocli.CommandLine.Command;
import org.diffusion4j.models.graph.Precision;
import picocli.CommandLine.Option;

/**
 * Measures training, denoising and sampling speed, FLOPs and memory. Options left out take the standard
 * values (or the --quick ones); each thread count given runs the whole benchmark once.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure training, denoiser and sampling throughput, GFLOP/s against a matrix product, and memory.",
                "Run it on an otherwise idle machine: anything else running can slow it tenfold."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "doc000", description = "doc000 (28x28), doc000-32, dit (the network train --model dit builds), "
            + "rgb32 or rgb64 (the colour U-Nets for 32x32 and 64x64 RGB images) (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--train-batch", split = ",", description = "training batch sizes (default 128; 0 alone skips training)")
    List<Integer> trainBatches;

    @Option(names = "--forward-batches", split = ",", description = "denoiser batch sizes (default 100,1000; 0 alone skips)")
    List<Integer> forwardBatches;

    @Option(names = "--sample-count", description = "images per sampling repetition for DDPM-100 and DDIM (default 200; 0 skips)")
    Integer sampleCount;

    @Option(names = "--sample-batch", description = "images per denoiser call when sampling (default 100)")
    Integer sampleBatch;

    @Option(names = "--ddim-steps", description = "DDIM steps (default 20)")
    Integer ddimSteps;

    @Option(names = "--memory-images", description = "also sample this many images with DDPM, recording RSS after every batch "
            + "(default 0: skip; 10000 shows flat memory, about 20 minutes at 1,000 images/s)")
    Integer memoryImages;

    @Option(names = "--fld-images", description = "time an FLD evaluation of this many generated images (default 10000; 0: skip)")
    Integer fldImages;

    @Option(names = "--matmul-sizes", split = ",", description = "square matrix sizes of the reference product (default 1024,2048)")
    List<Integer> matMulSizes;

    @Option(names = "--warmups", description = "untimed runs before each measurement (default 2)")
    Integer warmups;

    @Option(names = "--repeats", description = "timed repetitions of each measurement (default 5)")
    Integer repeats;

    @Option(names = "--threads", split = ",", defaultValue = "0",
            description = "TensorFlow threads, 0 = one per core; a list (1,2) runs the benchmark once per value (default: ${DEFAULT-VALUE})")
    List<Integer> threads;

    @Option(names = "--precision", split = ",", defaultValue = "fp32", paramLabel = "fp32|bf16",
            description = "fp32 or bf16 (mixed bfloat16); a list (fp32,bf16) measures each in the same run (default: ${DEFAULT-VALUE})")
    List<String> precisions;

    @Option(names = "--profile", defaultValue = "0",
            description = "also trace this many training steps and forward passes and print the time per op type (default: ${DEFAULT-VALUE})")
    int profileRuns;

    @Option(names = "--json", description = "also write the figures as JSON to this file")
    Path json;

    @Option(names = "--quick", description = "tiny batches, one repetition: a smoke test in seconds (the figures mean nothing)")
    boolean quick;

    @Override
    public Integer call() {
        List<BenchReport> reports = new ArrayList<>();
        for (int threadCount : threads) {
            for (String precision : precisions) {
                BenchConfig config = config(threadCount, Precision.parse(precision));
                Benchmark benchmark = new Benchmark(config, line -> System.err.println("bench: " + line));
                BenchReport report = benchmark.run();
                System.out.println(BenchTable.format(report));
                reports.add(report);
            }
        }
        if (json != null) {
            BenchJson.write(reports, json);
            System.out.println("wrote " + json);
        }
        return 0;
    }

    /** The standard or quick configuration with every option the user gave put in. */
    BenchConfig config(int threadCount, Precision precision) {
        BenchConfig base = quick ? BenchConfig.quick(model, threadCount) : BenchConfig.standard(model, threadCount);
        return base.toBuilder().trainBatches(batches(trainBatches, base.trainBatches()))
                .forwardBatches(batches(forwardBatches, base.forwardBatches())).sampleCount(or(sampleCount, base.sampleCount()))
                .sampleBatch(or(sampleBatch, base.sampleBatch())).ddimSteps(or(ddimSteps, base.ddimSteps()))
                .memoryImages(or(memoryImages, base.memoryImages())).fldImages(or(fldImages, base.fldImages()))
                .matMulSizes(matMulSizes != null ? matMulSizes : base.matMulSizes()).warmups(or(warmups, base.warmups()))
                .repeats(or(repeats, base.repeats())).precision(precision).profileRuns(profileRuns).build();
    }

    /** "0" alone means: skip this measurement. */
    private static List<Integer> batches(List<Integer> given, List<Integer> standard) {
        if (given == null) {
            return standard;
        }
        return given.equals(List.of(0)) ? List.of() : given;
    }

    private static int or(Integer given, int standard) {
        return given != null ? given : standard;
    }
}
