package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.ImageBatches;
import org.diffusion4j.core.images.PerImageScaling;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.api.Conditioning;
import org.diffusion4j.api.Diffusion;
import org.diffusion4j.api.DiffusionModel;
import org.diffusion4j.api.GeneratedImages;
import org.diffusion4j.api.Generation;
import org.diffusion4j.api.OpenOptions;
import org.diffusion4j.core.samplers.Trajectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Generates images (digits, or a folder run's classes) from a trained run: a PNG grid, and on request an animation of the reverse process. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generate images from a trained run with DDPM, DDIM, DPM-Solver++ or the step-size-scaled sampler.")
final class SampleCommand implements Callable<Integer> {

    @Option(names = "--run", defaultValue = "runs/mnist", description = "run folder (default: ${DEFAULT-VALUE})")
    Path runDir;

    @Mixin
    SamplerOptions sampling = SamplerOptions.forRuns();

    @Option(names = "--seed", defaultValue = "0", description = "seed of the noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--digit", description = "conditional MNIST runs: the digit to draw (default: one grid row per digit)")
    Integer digit;

    @Option(names = "--class", paramLabel = "NAME", description = "conditional runs on --images folders: the class (sub-folder name) "
            + "to draw (default: one grid row per class)")
    String className;

    @Mixin
    GuidanceOptions guidance;

    @Option(names = "--count", defaultValue = "64", description = "number of images (default: ${DEFAULT-VALUE})")
    int count;

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

    @Option(names = "--autoscale", description = "stretch each image's own smallest and largest value to black and white, as "
            + "document 004 shows its samples, before the grid and --idx (default: clip to [-1, 1])")
    boolean autoscale;

    @Option(names = "--idx", paramLabel = "FILE", description = "also write the images as an IDX file of bytes [count, height, width] "
            + "(grey images only), which 'evaluate --images' scores")
    Path idx;

    @Override
    public Integer call() {
        SamplerSpec sampler = sampling.forRun(runDir);
        PrecisionOption.warnIfEmulated(precision.value());
        try (DiffusionModel model = Diffusion.open(runDir, OpenOptions.builder().threads(threads).precision(precision.value())
                .rawWeights(rawWeights).build())) {
            // About 25 frames whatever the step count: enough to see the process, small enough to share.
            int every = Math.max(1, sampler.create().steps(model.schedule()) / 25);
            Trajectory trajectory = gif != null ? new Trajectory(every, 16) : null;
            GeneratedImages generated;
            try (SamplingBar bar = new SamplingBar(quiet, sampler)) {
                generated = model.generate(Generation.builder().count(count).seed(seed).sampler(sampler).batchSize(sampling.batchSize)
                        .digit(digit).className(className).guidance(guidance.scale).guidanceMaxStep(guidance.maxStep).perClass(columns)
                        .observer(trajectory).progress(bar.progress()).build());
            }
            SamplingBar.printDone(sampler, generated);
            write(generated, sampler);
            if (trajectory != null) {
                trajectory.writeGif(gif, 4, 150, 2, true);
                System.out.println("wrote the reverse process to " + gif);
            }
        }
        return 0;
    }

    private void write(GeneratedImages generated, SamplerSpec sampler) {
        Conditioning conditioning = generated.conditioning();
        Path file = out != null ? out : runDir.resolve("samples-" + sampler.label() + (conditioning == null ? "" : conditioning.fileLabel()) + ".png");
        ImageBatch images = autoscale ? PerImageScaling.autoscaled(generated.images()) : generated.images();
        // A row per class carries the class's name.
        new GeneratedImages(images, conditioning, generated.seconds()).writeGrid(file, columns, scale);
        System.out.println("wrote " + images.count() + " images to " + file);
        if (idx != null) {
            writeIdx(images, idx);
            System.out.println("wrote " + images.count() + " images to " + idx + (autoscale ? " (each autoscaled)" : " (clipped to [-1, 1])"));
        }
    }

    /** The images as an IDX file of unsigned bytes [count, height, width] (magic 0x00000803), clipped to [-1, 1]. */
    static void writeIdx(ImageBatch images, Path file) {
        if (images.channels() != 1) {
            throw new IllegalArgumentException("--idx writes grey images; this run's have " + images.channels() + " channels");
        }
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(16).putInt(0x00000803).putInt(images.count())
                .putInt(images.height()).putInt(images.width());
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file))) {
            out.write(header.array());
            out.write(ImageBatches.toBytes(images));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }
}
