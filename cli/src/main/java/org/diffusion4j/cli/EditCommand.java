package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffusion4j.api.DiffusionModel;
import org.diffusion4j.api.Edit;
import org.diffusion4j.api.GeneratedImages;
import org.diffusion4j.api.RoundTrip;
import org.diffusion4j.core.editing.InpaintingMask;
import org.diffusion4j.core.editing.Resampling;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.GifAnimation;
import org.diffusion4j.core.images.ImageBatches;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.samplers.Trajectory;
import org.diffusion4j.datasets.EditInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Edits images with a trained model: image-to-image, inpainting and interpolation, one subcommand each. */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Edit images with a trained run or a diffusion4j export: img2img (SDEdit), inpaint (a mask, RePaint's resampling) "
                + "and interpolate (DDIM inversion, spherical interpolation).",
        subcommands = {EditCommand.ImageToImage.class, EditCommand.Inpaint.class, EditCommand.Interpolate.class})
final class EditCommand {

    private EditCommand() {
    }

    /** SDEdit: noise each image part of the way, walk it back, optionally towards another class. */
    @Command(name = "img2img", mixinStandardHelpOptions = true,
            description = "Noise each image to strength x T and run the reverse process from there; with --digit or --class (and "
                    + "--guidance) a conditional run moves the image towards that class. The grid shows each input beside its edit.")
    static final class ImageToImage implements Callable<Integer> {

        @Mixin
        EditOptions options;

        @Option(names = "--strength", defaultValue = "" + Edit.DEFAULT_STRENGTH, description = "share of the noise schedule to go back "
                + "up, in (0, 1]: small keeps the image, 1 forgets it (default: ${DEFAULT-VALUE})")
        double strength;

        @Override
        public Integer call() {
            try (DiffusionModel model = options.open()) {
                EditInputs.Loaded inputs = options.read(options.images, model);
                SamplerSpec sampler = options.sampling.forRun(options.model);
                Trajectory trajectory = options.trajectory(sampler.create().steps(model.schedule()));
                GeneratedImages edited = options.edit(model, Edit.imageToImage(inputs.images()).strength(strength), sampler, trajectory);
                options.write("img2img", EditOptions.sideBySide(inputs.images(), edited.images()), 8, edited, inputs.names());
                System.out.printf(java.util.Locale.ROOT, "mean pixel distance to the inputs: %.4f (pixels in [0, 1])%n",
                        ImageBatches.meanAbsoluteDistance(inputs.images(), edited.images()));
                writeProcess(options, trajectory);
            }
            return 0;
        }
    }

    /** Inpainting: repaint the masked pixels to fit the kept ones. */
    @Command(name = "inpaint", mixinStandardHelpOptions = true,
            description = "Repaint the pixels a mask marks (a PNG, white repaints, or a named region) to fit the rest, which stay the "
                    + "input's exactly. The grid shows each input, its kept pixels and the result.")
    static final class Inpaint implements Callable<Integer> {

        @Mixin
        EditOptions options;

        @Option(names = "--mask", required = true, paramLabel = "PNG|REGION", description = "a PNG mask (white repaints) or one of "
                + InpaintingMask.NAMES)
        String mask;

        @Option(names = "--jumps", defaultValue = "1", description = "RePaint: times each stretch of the walk is taken (1: no resampling; "
                + "the cost grows with it) (default: ${DEFAULT-VALUE})")
        int jumps;

        @Option(names = "--jump-length", defaultValue = "10", description = "RePaint: steps per stretch (default: ${DEFAULT-VALUE})")
        int jumpLength;

        @Override
        public Integer call() {
            try (DiffusionModel model = options.open()) {
                EditInputs.Loaded inputs = options.read(options.images, model);
                int size = model.denoiser().height();
                InpaintingMask region = java.nio.file.Files.isRegularFile(Path.of(mask)) ? EditInputs.readMask(Path.of(mask), size)
                        : InpaintingMask.named(mask, size);
                SamplerSpec sampler = options.sampling.forRun(options.model);
                Resampling resampling = new Resampling(jumps, jumpLength);
                Trajectory trajectory = options.trajectory(resampling.calls(sampler.create().steps(model.schedule())));
                GeneratedImages edited = options.edit(model, Edit.inpainting(inputs.images(), region).resampling(resampling), sampler,
                        trajectory);
                ImageBatch kept = keptOnly(inputs.images(), region);
                options.write("inpaint", EditOptions.sideBySide(inputs.images(), kept, edited.images()), 9, edited, inputs.names());
                writeProcess(options, trajectory);
            }
            return 0;
        }

        /** The input with the repainted pixels grey, to show what the model was given. */
        private static ImageBatch keptOnly(ImageBatch images, InpaintingMask mask) {
            float[] pixels = images.pixels().clone();
            int perImage = images.imageSize();
            for (int i = 0; i < pixels.length; i++) {
                if (mask.repaint()[(i % perImage) / images.channels()] == 1) {
                    pixels[i] = 0;
                }
            }
            return images.withPixels(pixels);
        }
    }

    /** Interpolation between pairs of images through their DDIM latents. */
    @Command(name = "interpolate", mixinStandardHelpOptions = true,
            description = "Invert each --images image and its --to partner with deterministic DDIM, interpolate their latents on the "
                    + "sphere and decode every point: a grid row per pair, and with --gif the path as an animation.")
    static final class Interpolate implements Callable<Integer> {

        @Mixin
        EditOptions options;

        @Option(names = "--to", required = true, paramLabel = "PATH", description = "the images to interpolate to, one per --images image")
        Path to;

        @Option(names = "--frames", defaultValue = "" + Edit.DEFAULT_FRAMES, description = "images along each path, ends included "
                + "(default: ${DEFAULT-VALUE})")
        int frames;

        @Override
        public Integer call() {
            try (DiffusionModel model = options.open()) {
                EditInputs.Loaded from = options.read(options.images, model);
                EditInputs.Loaded target = options.read(to, model);
                // Inversion is DDIM's alone; 50 steps bring a digit back within a few grey levels.
                Integer steps = options.sampling.steps;
                SamplerSpec sampler = SamplerSpec.of("ddim").withSteps(steps != null ? steps : Math.min(50, model.schedule().timesteps()));
                GeneratedImages edited = options.edit(model, Edit.interpolation(from.images(), target.images()).frames(frames), sampler, null);
                options.write("interpolate", edited.images(), frames, edited, from.names());
                RoundTrip trip = RoundTrip.of(edited.images(), frames, from.images(), target.images());
                System.out.printf(java.util.Locale.ROOT, "round trip (inversion, then decoding): mean pixel distance of the paths' ends to "
                        + "the images %.4f (pixels in [0, 1]), mean PSNR %.2f dB%n", trip.meanAbsoluteDistance(), trip.meanPsnrDb());
                if (options.gif != null) {
                    writePath(edited.images(), frames, options);
                }
            }
            return 0;
        }

        /** Frame k shows every pair at the k-th point of its path; the animation goes there and back. */
        private static void writePath(ImageBatch rows, int frames, EditOptions options) {
            int pairs = rows.count() / frames;
            java.util.List<ImageBatch> path = new java.util.ArrayList<>();
            for (int k = 0; k < 2 * frames - 2; k++) {
                int frame = k < frames ? k : 2 * frames - 2 - k;
                float[] pixels = new float[pairs * rows.imageSize()];
                for (int pair = 0; pair < pairs; pair++) {
                    System.arraycopy(rows.pixels(), (pair * frames + frame) * rows.imageSize(), pixels, pair * rows.imageSize(), rows.imageSize());
                }
                path.add(new ImageBatch(pixels, pairs, rows.height(), rows.width(), rows.channels()));
            }
            GifAnimation.write(path, Math.min(8, pairs), options.gif, 150, options.scale, true);
            System.out.println("wrote the path to " + options.gif);
        }
    }

    private static void writeProcess(EditOptions options, Trajectory trajectory) {
        if (trajectory != null) {
            trajectory.writeGif(options.gif, 4, 150, 2, true);
            System.out.println("wrote the edit's reverse process to " + options.gif);
        }
    }
}
