package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.PngGrid;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.samplers.Sampler;
import org.diffusion4j.core.samplers.Samplers;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.core.samplers.StepScaledSampler;
import org.diffusion4j.core.samplers.Trajectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Generates digits from a trained run: a PNG grid, and on request an animation of the reverse process. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generate images from a trained run with DDPM, DDIM or the step-size-scaled sampler.")
final class SampleCommand implements Callable<Integer> {

    @Option(names = "--run", defaultValue = "runs/mnist", description = "run folder (default: ${DEFAULT-VALUE})")
    Path runDir;

    @Option(names = "--sampler", defaultValue = "ddpm", description = "ddpm, ddim, dpm++2m (DPM-Solver++, second order) or stepwise (default: ${DEFAULT-VALUE})")
    String sampler;

    @Option(names = "--steps", description = "denoising steps for DDIM and dpm++2m (default 20), and for stepwise (default: all "
            + "of the chain, fewer walk a coarser chain as document 004 describes); DDPM always uses all T")
    Integer steps;

    @Option(names = "--eta", defaultValue = "0", description = "DDIM noise: 0 deterministic, 1 like DDPM (default: ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--no-clip", description = "do not clip the x0 estimate to [-1, 1] at each step")
    boolean noClip;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--digit", description = "conditional runs: the digit to draw (default: one grid row per digit)")
    Integer digit;

    @Mixin
    GuidanceOptions guidance;

    @Option(names = "--count", defaultValue = "64", description = "number of images (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--step-size", defaultValue = "1.0",
            description = "stepwise sampler only: trust in each noise prediction, document 004 tried 1.5 (default: ${DEFAULT-VALUE})")
    double stepSize;

    @Option(names = "--batch-size", defaultValue = "256", description = "images per denoiser call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--columns", defaultValue = "8", description = "images per row of the grid (default: ${DEFAULT-VALUE})")
    int columns;

    @Option(names = "--scale", defaultValue = "3", description = "pixel scale of the PNG (default: ${DEFAULT-VALUE})") int scale;

    @Option(names = "--raw-weights", description = "use the raw weights instead of their moving average")
    boolean rawWeights;

    @Option(names = "--out", description = "PNG file (default: RUN/samples-SAMPLER.png)") Path out;

    @Option(names = "--gif", description = "also write an animated GIF: x_t beside the x0 estimate, first 16 images")
    Path gif;

    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads (0: one per core)")
    int threads;

    @Mixin
    PrecisionOption precision;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() {
        RunFolder run = new RunFolder(runDir);
        int stepCount = steps != null ? steps : 20;
        Conditioning conditioning = Conditioning.limited(
                Conditioning.forSamples(run.modelSpec().network().classes(), digit, guidance.scale, count, columns), guidance.maxStep);
        Path file = out != null ? out : runDir.resolve("samples-" + fileLabel(sampler, steps, eta, stepSize)
                + (conditioning == null ? "" : conditioning.fileLabel()) + ".png");
        Sampler chosen = sampler(sampler, steps, eta, !noClip, stepSize);
        // About 25 frames whatever the step count: enough to see the process, small enough to share.
        int every = Math.max(1, chosen.steps(run.modelSpec().noiseSchedule()) / 25);
        Trajectory trajectory = gif != null ? new Trajectory(every, 16) : null;
        PrecisionOption.warnIfEmulated(precision.value());
        ImageBatch images = generate(run, chosen, conditioning, count, batchSize, seed, threads, precision.value(),
                !rawWeights, trajectory, quiet);
        PngGrid.write(images, columns, file, scale);
        System.out.println("wrote " + images.count() + " images to " + file);
        if (trajectory != null) {
            trajectory.writeGif(gif, 4, 150, 2, true);
            System.out.println("wrote the reverse process to " + gif);
        }
        return 0;
    }

    /** count images of a conditioning's labels, or unconditional ones when it is null. */
    static ImageBatch generate(RunFolder run, Sampler sampler, Conditioning conditioning, int count, int batchSize, long seed,
                               int threads, Precision precision, boolean ema, Trajectory trajectory, boolean quiet) {
        ModelSpec spec = run.modelSpec();
        if (conditioning != null) {
            count = conditioning.labels().length;
        }
        long started = System.nanoTime();
        ImageBatch images;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(spec.network(), run.samplingWeights(ema), threads, precision);
             ProgressBar bar = quiet ? null : new ProgressBarBuilder().setTaskName("sample " + sampler.name()).setInitialMax(count)
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" images", 1).build()) {
            SamplingPipeline pipeline = new SamplingPipeline(denoiser, spec.noiseSchedule(), sampler);
            SamplingObserver observer = trajectory != null ? trajectory : SamplingObserver.NONE;
            SamplingPipeline.BatchProgress progress = (done, total) -> {
                if (bar != null) {
                    bar.stepTo(done);
                }
            };
            images = conditioning == null ? pipeline.generate(count, batchSize, seed, observer, progress)
                    : pipeline.generate(conditioning.labels(), conditioning.scale(), conditioning.maxGuidedStep(), batchSize, seed, observer,
                            progress);
        }
        if (!images.allFinite()) {
            throw new IllegalStateException("the sampler produced non-finite pixels; try --clip or another sampler");
        }
        System.out.printf(Locale.ROOT, "%s%s: %d images in %.1f s%n", sampler.name(),
                conditioning == null ? "" : ", guidance " + conditioning.scale(), count, (System.nanoTime() - started) / 1e9);
        return images;
    }

    /** The grids written after training: a row per digit at the default guidance when the run is conditional. */
    static void writeGrid(RunFolder run, Sampler sampler, int count, long seed, int threads, Precision precision, Path file,
                          boolean quiet) {
        Conditioning conditioning = Conditioning.forSamples(run.modelSpec().network().classes(), null, null, count, 8);
        ImageBatch images = generate(run, sampler, conditioning, count, 256, seed, threads,
                precision, true, null, quiet);
        PngGrid.write(images, 8, file, 3);
        System.out.println("wrote " + file);
    }

    /** The sampler the options name; steps null means each sampler's default (20, or the whole chain for stepwise). */
    static Sampler sampler(String name, Integer steps, double eta, boolean clip, double stepSize) {
        if (name.trim().equalsIgnoreCase("stepwise")) {
            return new StepScaledSampler(stepSize, steps != null ? steps : 0);
        }
        return Samplers.create(name, steps != null ? steps : 20, eta, clip);
    }

    /** How files and reports name a sampler: "ddpm", "ddim20", "ddim20-eta1", "dpm++2m20", "stepwise50-s1.5". */
    static String fileLabel(String sampler, Integer steps, double eta, double stepSize) {
        String name = sampler.trim().toLowerCase(java.util.Locale.ROOT);
        if (name.equals("stepwise")) {
            return name + (steps != null ? String.valueOf(steps) : "") + (stepSize != 1.0 ? "-s" + stepSize : "");
        }
        return fileLabel(name, steps != null ? steps : 20, eta);
    }

    /** How files and reports name a sampler: "ddpm", "ddim20", "ddim20-eta1", "dpm++2m20". */
    static String fileLabel(String sampler, int steps, double eta) {
        String name = sampler.trim().toLowerCase(java.util.Locale.ROOT);
        boolean stepped = name.equals("ddim") || name.startsWith("dpm");
        String etaLabel = name.equals("ddim") && eta != 0 ? "-eta" + (eta == Math.rint(eta) ? String.valueOf((long) eta) : String.valueOf(eta)) : "";
        return name + (stepped ? String.valueOf(steps) : "") + etaLabel;
    }
}
