package org.diffusion4j.bench;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one benchmark run measured, for one model and one thread setting.
 *
 * @param environment settings that change the figures: TensorFlow version, oneDNN and XLA switches, JVM
 * @param matMulGflops the best median rate over {@code matMul}: the reference for every fraction
 * @param memory null unless a long sampling run was asked for
 * @param fldEvaluation null when skipped
 * @param peakRssKib of the whole process over the whole run (training included)
 */
public record BenchReport(String model, long parameters, int threads, int processors, Map<String, String> environment,
                          FlopCount forwardFlopsPerImage, FlopCount trainingStepFlopsPerImage,
                          List<MatMulBench.Result> matMul, double matMulGflops, List<Throughput> training,
                          List<Throughput> forward, List<SamplingResult> sampling, MemoryRun memory,
                          FldBench.FldTiming fldEvaluation, long peakRssKib) {

    public BenchReport {
        environment = Collections.unmodifiableMap(new TreeMap<>(environment));
        matMul = List.copyOf(matMul);
        training = List.copyOf(training);
        forward = List.copyOf(forward);
        sampling = List.copyOf(sampling);
    }
}
