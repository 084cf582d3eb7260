package org.diffusion4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffusion4j.models.networks.RandomWeights;
import java.util.function.Consumer;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.DdpmSampler;
import org.diffusion4j.core.samplers.Sampler;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.core.schedules.Schedules;
import org.diffusion4j.models.graph.ConvolutionRoute;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.training.LossType;
import org.diffusion4j.training.TrainingBatch;
import org.diffusion4j.training.TrainingGraph;
import org.diffusion4j.training.TrainingObjective;
import org.tensorflow.TensorFlow;

/**
 * Runs every measurement of a {@link BenchConfig} in a fixed order: the matrix-product reference first
 * (so every fraction compares with the machine as it was during the run), then training, the denoiser
 * forward, sampling, and the optional long memory run.
 */
public final class Benchmark {

    private static final long WEIGHT_SEED = 0;
    /** The schedule changes no cost; cosine is the command line's default. */
    private static final String SCHEDULE = "cosine";

    private final BenchConfig config;
    private final Consumer<String> log;

    /** {@code log} receives one line as each measurement starts (for progress on long runs). */
    public Benchmark(BenchConfig config, Consumer<String> log) {
        this.config = config;
        this.log = log;
    }

    public BenchReport run() {
        NetworkConfig model = BenchModels.byName(config.model());
        NoiseSchedule schedule = Schedules.create(SCHEDULE, model.timesteps());
        int threads = config.threads();

        List<MatMulBench.Result> matMul = new ArrayList<>();
        for (int size : config.matMulSizes()) {
            log.accept("matrix product " + size + "x" + size);
            matMul.add(MatMulBench.measure(size, threads, config.warmups(), config.repeats()));
        }
        double matMulGflops = matMul.stream().mapToDouble(r -> r.gflops().median()).max().orElseThrow();
        FlopCount forwardFlops = ModelFlops.forwardPerImage(model);

        List<Throughput> training = new ArrayList<>();
        FlopCount trainingFlops;
        long parameters;
        log.accept("building the training graph");
        try (TrainingGraph graph = new TrainingGraph(model, schedule, TrainingObjective.of(LossType.MSE), threads, config.precision())) {
            graph.initialize(WEIGHT_SEED, Initialization.GLOROT);
            trainingFlops = ModelFlops.trainingStepPerImage(model, schedule);
            parameters = graph.parameterCount();
            for (int batch : config.trainBatches()) {
                log.accept("training step, batch " + batch);
                Stats seconds = TrainingBench.secondsPerStep(graph, model.imageSize(), model.inChannels(), batch,
                        config.warmups(), config.repeats());
                training.add(Throughput.of("training step", batch, seconds, trainingFlops.megaflops(), matMulGflops));
            }
            if (config.profileRuns() > 0) {
                profile(graph, model);
            }
        }

        List<Throughput> forward = new ArrayList<>();
        List<SamplingResult> sampling = new ArrayList<>();
        MemoryRun memory = null;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(model, RandomWeights.of(model, WEIGHT_SEED), threads,
                config.precision())) {
            for (int batch : config.forwardBatches()) {
                log.accept("denoiser forward, batch " + batch);
                Stats seconds = ForwardBench.secondsPerCall(denoiser, model.timesteps(), batch, config.warmups(), config.repeats());
                forward.add(Throughput.of("denoiser forward", batch, seconds, forwardFlops.megaflops(), matMulGflops));
            }
            if (config.sampleCount() > 0) {
                SamplingBench samplingBench = new SamplingBench(denoiser, schedule, forwardFlops.megaflops());
                for (Sampler sampler : List.of(new DdpmSampler(true), new DdimSampler(config.ddimSteps(), 0, true))) {
                    log.accept("sampling " + config.sampleCount() + " images with " + sampler);
                    sampling.add(samplingBench.measure(sampler, config.sampleCount(), config.sampleBatch(),
                            Math.min(1, config.warmups()), config.repeats()));
                }
            }
            if (config.memoryImages() > 0) {
                log.accept("memory run: " + config.memoryImages() + " images with DDPM in batches of " + config.sampleBatch());
                memory = MemoryBench.run(denoiser, schedule, new DdpmSampler(true), config.memoryImages(), config.sampleBatch());
            }
        }
        FldBench.FldTiming fld = null;
        if (config.fldImages() > 0) {
            log.accept("FLD evaluation of " + config.fldImages() + " images");
            fld = FldBench.measure(config.fldImages(), threads, Math.min(1, config.warmups()), config.repeats());
        }
        return BenchReport.builder().model(config.model()).parameters(parameters).threads(threads)
                .processors(Runtime.getRuntime().availableProcessors()).environment(environment())
                .forwardFlopsPerImage(forwardFlops).trainingStepFlopsPerImage(trainingFlops).matMul(matMul).matMulGflops(matMulGflops)
                .training(training).forward(forward).sampling(sampling).memory(memory).fldEvaluation(fld)
                .peakRssKib(ProcessMemory.peakResidentKib()).build();
    }

    /**
     * Prints where a training step and a forward pass (with the loss, as validation runs it) spend their
     * time, per op type, from traced runs after the timed ones.
     */
    private void profile(TrainingGraph graph, NetworkConfig model) {
        int batch = config.trainBatches().isEmpty() ? 128 : config.trainBatches().get(0);
        int forwardBatch = config.forwardBatches().isEmpty() ? 100 : config.forwardBatches().get(0);
        int pixels = model.imageSize() * model.imageSize() * model.inChannels();
        float[] images = new float[batch * pixels];
        float[] forwardImages = new float[forwardBatch * pixels];
        StepProfile step = new StepProfile();
        StepProfile forward = new StepProfile();
        for (int run = 0; run < config.profileRuns(); run++) {
            step.add(graph.tracedStep(TrainingBatch.unlabelled(images, batch, WEIGHT_SEED, run), 1e-3, 0.999));
            forward.add(graph.tracedEvaluate(TrainingBatch.unlabelled(forwardImages, forwardBatch, WEIGHT_SEED, run)));
        }
        log.accept("profile of a training step, batch " + batch + " (" + config.precision().label() + ", "
                + config.profileRuns() + " traced runs; tracing slows ops, so read shares, not times):\n" + step.table(20));
        log.accept("profile of a forward pass with the loss, batch " + forwardBatch + ":\n" + forward.table(20));
    }

    /** The settings a reader needs to reproduce or compare the figures. */
    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("precision", config.precision().label());
        environment.put("convolution", ConvolutionRoute.configured(config.precision()).name().toLowerCase(java.util.Locale.ROOT));
        environment.put("tensorflow", TensorFlow.version());
        environment.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        environment.put("max_heap_mib", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
        environment.putAll(CpuInfo.describe(java.nio.file.Path.of("/proc/cpuinfo")));
        for (String variable : List.of("TF_ENABLE_ONEDNN_OPTS", "TF_XLA_FLAGS", "OMP_NUM_THREADS", "CUDA_VISIBLE_DEVICES")) {
            environment.put(variable, System.getenv().getOrDefault(variable, "(unset)"));
        }
        return environment;
    }
}
