package org.diffusion4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.diffusion4j.api.Diffusion;
import org.diffusion4j.api.DiffusionModel;
import org.diffusion4j.api.Edit;
import org.diffusion4j.api.GeneratedImages;
import org.diffusion4j.api.OpenOptions;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.PngGrid;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.samplers.Trajectory;
import org.diffusion4j.datasets.EditInputs;
import org.diffusion4j.datasets.ImageFolderSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every edit command takes: the model, the images, the sampler, the class to steer to, and where the results go. */
final class EditOptions {

    @Option(names = "--run", defaultValue = "runs/mnist", description = "run folder or diffusion4j export (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--images", required = true, paramLabel = "PATH", description = "an image file, a folder of them (PNG, JPEG, GIF, "
            + "BMP; centre-cropped and resized to the model's size as train --images does) or an MNIST-format IDX images file")
    Path images;

    @Option(names = "--limit", defaultValue = "0", description = "edit only the first N images (default: all)")
    int limit;

    @Option(names = "--background", defaultValue = "white", description = "what transparent pixels become: white, black or #rrggbb "
            + "(default: ${DEFAULT-VALUE})")
    String background;

    @Mixin
    SamplerOptions sampling = SamplerOptions.forRuns();

    @Option(names = "--seed", defaultValue = "0", description = "seed of every noise draw (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--digit", description = "conditional MNIST runs: steer every image towards this digit (default: no label)")
    Integer digit;

    @Option(names = "--class", paramLabel = "NAME", description = "conditional folder runs: steer every image towards this class")
    String className;

    @Mixin
    GuidanceOptions guidance;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for grid.png and one PNG per image (default: RUN/edits/KIND)")
    Path out;

    @Option(names = "--grid-only", description = "write grid.png (and --idx) but not one PNG per image")
    boolean gridOnly;

    @Option(names = "--idx", paramLabel = "FILE", description = "also write the edited images as an IDX file (grey only), which "
            + "'evaluate --images' scores")
    Path idx;

    @Option(names = "--scale", defaultValue = "3", description = "pixel scale of the PNGs (default: ${DEFAULT-VALUE})") int scale;

    @Option(names = "--gif", paramLabel = "FILE", description = "also write an animated GIF of the edit")
    Path gif;

    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads (0: one per core)")
    int threads;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    /** The images at the model's size and channels. */
    EditInputs.Loaded read(Path path, DiffusionModel model) {
        int size = model.denoiser().height();
        return EditInputs.read(path, size, model.denoiser().channels(), ImageFolderSettings.parseBackground(background), limit);
    }

    /** Opens the model the edit runs on. */
    DiffusionModel open() {
        return Diffusion.open(model, OpenOptions.builder().threads(threads).build());
    }

    /** Runs {@code edit} with the fields every kind shares and a progress bar. */
    GeneratedImages edit(DiffusionModel opened, Edit.Builder edit, SamplerSpec sampler, Trajectory trajectory) {
        try (SamplingBar bar = new SamplingBar(quiet, sampler)) {
            return opened.edit(edit.sampler(sampler).seed(seed).batchSize(sampling.batchSize).digit(digit).className(className)
                    .guidance(guidance.scale).guidanceMaxStep(guidance.maxStep).observer(trajectory).progress(bar.progress()).build());
        }
    }

    /** About 25 frames of the first 16 images, whatever the step count; null without --gif. */
    Trajectory trajectory(int steps) {
        return gif != null ? new Trajectory(Math.max(1, steps / 25), 16) : null;
    }

    /** The grid of {@code shown} (inputs beside results, {@code columns} a row), the results one PNG each, and the IDX file. */
    void write(String kind, ImageBatch shown, int columns, GeneratedImages edited, List<String> names) {
        Path folder = out != null ? out : model.resolve("edits").resolve(kind);
        try {
            Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not create " + folder + ": " + e.getMessage(), e);
        }
        Path grid = folder.resolve("grid.png");
        PngGrid.write(shown, columns, grid, scale);
        if (!gridOnly) {
            ImageBatch images = edited.images();
            for (int i = 0; i < images.count(); i++) {
                PngGrid.write(images.slice(i, i + 1), 1, folder.resolve(fileName(names.get(i % names.size()), i)), 1);
            }
        }
        if (idx != null) {
            SampleCommand.writeIdx(edited.images(), idx);
        }
        System.out.printf(java.util.Locale.ROOT, "edited %d images in %.1f s; wrote %s%s%s%n", edited.count(), edited.seconds(), grid,
                gridOnly ? "" : " and one PNG per image in " + folder, idx == null ? "" : " and " + idx);
    }

    private static String fileName(String source, int index) {
        String stem = source.replaceAll("\\.[A-Za-z]+$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return String.format(java.util.Locale.ROOT, "%05d-%s.png", index, stem);
    }

    /** Interleaves batches image by image: a, b, c, a, b, c, ... so a grid of that many columns puts them side by side. */
    static ImageBatch sideBySide(ImageBatch... batches) {
        ImageBatch first = batches[0];
        int size = first.imageSize();
        float[] pixels = new float[size * first.count() * batches.length];
        for (int i = 0; i < first.count(); i++) {
            for (int b = 0; b < batches.length; b++) {
                System.arraycopy(batches[b].pixels(), i * size, pixels, (i * batches.length + b) * size, size);
            }
        }
        return new ImageBatch(pixels, first.count() * batches.length, first.height(), first.width(), first.channels());
    }
}
