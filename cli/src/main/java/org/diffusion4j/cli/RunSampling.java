package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.PngGrid;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.core.samplers.Sampler;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.networks.PixelUnits;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;

/**
 * Draws images from a trained run: loads its network, runs the sampling pipeline behind a progress bar and checks the
 * pixels. The sample and evaluate commands and the grids written after training all sample a run through here.
 */
final class RunSampling {

    /** Images per denoiser call of the grids written after training. */
    private static final int GRID_BATCH_SIZE = 256;
    private static final int GRID_COLUMNS = 8;
    private static final int GRID_SCALE = 3;

    /**
     * What to draw: {@code count} unconditional images when {@code conditioning} is null, else one image per label of
     * the conditioning (and {@code count} is not used).
     */
    record Request(SamplerSpec sampler, Conditioning conditioning, int count, int batchSize, long seed) {

        int images() {
            return conditioning == null ? count : conditioning.labels().length;
        }
    }

    private final RunFolder run;
    private final boolean movingAverage;
    private final int threads;
    private final Precision precision;
    private final boolean quiet;

    /** {@code movingAverage}: sample with the EMA of the weights rather than the raw ones. */
    RunSampling(RunFolder run, boolean movingAverage, int threads, Precision precision, boolean quiet) {
        this.run = run;
        this.movingAverage = movingAverage;
        this.threads = threads;
        this.precision = precision;
        this.quiet = quiet;
    }

    /** The requested images; {@code firstBatchObserver} sees every step of the first batch (for a trajectory). */
    ImageBatch generate(Request request, SamplingObserver firstBatchObserver) {
        ModelSpec spec = run.modelSpec();
        Sampler sampler = request.sampler().create();
        Conditioning conditioning = request.conditioning();
        int count = request.images();
        long started = System.nanoTime();
        ImageBatch images;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(spec.network(), run.samplingWeights(movingAverage), threads, precision);
             ProgressBar bar = quiet ? null : new ProgressBarBuilder().setTaskName("sample " + sampler.name()).setInitialMax(count)
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" images", 1).build()) {
            SamplingPipeline pipeline = new SamplingPipeline(denoiser, spec.noiseSchedule(), sampler);
            SamplingPipeline.BatchProgress progress = (done, total) -> {
                if (bar != null) {
                    bar.stepTo(done);
                }
            };
            images = conditioning == null
                    ? pipeline.generate(count, request.batchSize(), request.seed(), firstBatchObserver, progress)
                    : pipeline.generate(conditioning.labels(), conditioning.scale(), conditioning.maxGuidedStep(), request.batchSize(),
                            request.seed(), firstBatchObserver, progress);
        }
        if (!images.allFinite()) {
            throw new IllegalStateException("the sampler produced non-finite pixels; " + (request.sampler().clip()
                    ? "try another --sampler" : "drop --no-clip, so that each x0 estimate stays in [-1, 1], or try another --sampler"));
        }
        // Issue 27: a network trained in other pixel units (document 004's x / 256 - 0.5) samples in them; back to [-1, 1].
        PixelUnits.toPixels(images.pixels(), images.pixels().length, spec.network().pixelScale());
        System.out.printf(Locale.ROOT, "%s%s: %d images in %.1f s%n", sampler.name(),
                conditioning == null ? "" : ", guidance " + conditioning.scale(), count, (System.nanoTime() - started) / 1e9);
        return images;
    }

    /** A grid of {@code count} images as written after training: for a conditional run one row per digit at the default guidance. */
    void writeGrid(SamplerSpec sampler, int count, long seed, Path file) {
        Conditioning conditioning = Conditioning.forSamples(run.modelSpec().network().classes(), null, null, count, GRID_COLUMNS);
        ImageBatch images = generate(new Request(sampler, conditioning, count, GRID_BATCH_SIZE, seed), SamplingObserver.NONE);
        PngGrid.write(images, GRID_COLUMNS, file, GRID_SCALE);
        System.out.println("wrote " + file);
    }
}
