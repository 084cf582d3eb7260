package org.diffusion4j.bench;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one benchmark run measured, for one model and one thread setting. Built with {@link #builder()};
 * the canonical constructor is left to it and to Jackson, which reads the JSON {@link BenchJson} writes.
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

    public static Builder builder() {
        return new Builder();
    }

    /** Names each figure of a {@link BenchReport} as the benchmark measures it. */
    public static final class Builder {

        private String model;
        private long parameters;
        private int threads;
        private int processors;
        private Map<String, String> environment;
        private FlopCount forwardFlopsPerImage;
        private FlopCount trainingStepFlopsPerImage;
        private List<MatMulBench.Result> matMul;
        private double matMulGflops;
        private List<Throughput> training;
        private List<Throughput> forward;
        private List<SamplingResult> sampling;
        private MemoryRun memory;
        private FldBench.FldTiming fldEvaluation;
        private long peakRssKib;

        private Builder() {
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder parameters(long value) {
            parameters = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder processors(int value) {
            processors = value;
            return this;
        }

        public Builder environment(Map<String, String> value) {
            environment = value;
            return this;
        }

        public Builder forwardFlopsPerImage(FlopCount value) {
            forwardFlopsPerImage = value;
            return this;
        }

        public Builder trainingStepFlopsPerImage(FlopCount value) {
            trainingStepFlopsPerImage = value;
            return this;
        }

        public Builder matMul(List<MatMulBench.Result> value) {
            matMul = value;
            return this;
        }

        public Builder matMulGflops(double value) {
            matMulGflops = value;
            return this;
        }

        public Builder training(List<Throughput> value) {
            training = value;
            return this;
        }

        public Builder forward(List<Throughput> value) {
            forward = value;
            return this;
        }

        public Builder sampling(List<SamplingResult> value) {
            sampling = value;
            return this;
        }

        public Builder memory(MemoryRun value) {
            memory = value;
            return this;
        }

        public Builder fldEvaluation(FldBench.FldTiming value) {
            fldEvaluation = value;
            return this;
        }

        public Builder peakRssKib(long value) {
            peakRssKib = value;
            return this;
        }

        public BenchReport build() {
            return new BenchReport(model, parameters, threads, processors, environment, forwardFlopsPerImage,
                    trainingStepFlopsPerImage, matMul, matMulGflops, training, forward, sampling, memory, fldEvaluation,
                    peakRssKib);
        }
    }
}
