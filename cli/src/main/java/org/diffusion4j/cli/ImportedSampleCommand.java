package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.PngGrid;
import org.diffusion4j.interop.InteropJson;
import org.diffusion4j.interop.imports.DenoiserCard;
import org.diffusion4j.interop.imports.Prediction;
import org.diffusion4j.interop.imports.ProjectImages;
import org.diffusion4j.interop.imports.SavedModelDenoiser;
import org.diffusion4j.interop.keras.TwCheckpointDenoiser;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.core.samplers.SamplingObserver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Samples with a denoiser imported from a SavedModel (a diffusion4j export or a card-described foreign model). */
@Command(name = "sample-imported", mixinStandardHelpOptions = true,
        description = {"Generate images with a SavedModel denoiser through diffusion4j's own samplers.",
                "diffusion4j exports need no card; other models need a --card JSON (what the signature cannot tell)."})
final class ImportedSampleCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "SavedModel folder")
    Path directory;

    @Option(names = "--card", description = "JSON card: signature, inputs, time feeding, prediction, schedule, pixels, fit")
    Path card;

    @Option(names = "--signature", description = "signature to call (overrides the card; default serving_default)")
    String signature;

    @Mixin
    SamplerOptions sampling = SamplerOptions.forImportedModels();

    @Option(names = "--count", defaultValue = "64") int count;

    @Option(names = "--seed", defaultValue = "0") long seed;

    @Option(names = "--size", description = "output image size, via the card's fit (default: 28, MNIST's, for a greyscale "
            + "model; a colour model's own size)")
    Integer size;

    @Option(names = "--columns", defaultValue = "8") int columns;

    @Option(names = "--scale", defaultValue = "3") int scale;

    @Option(names = "--out", defaultValue = "imported-samples.png") Path out;

    @Option(names = "--trust-model", description = "load even if the model would run file, process or network ops")
    boolean trustModel;

    @Option(names = "--threads", defaultValue = "0") int threads;

    @Option(names = "--digit", description = "class-conditional models: the digit to draw (default: one grid row per digit)")
    Integer digit;

    @Mixin
    GuidanceOptions guidance;

    @Option(names = "--tw-checkpoint", description = "the directory is the raw Keras TF2 checkpoint of the tw-diffusion "
            + "U-Net (not a SavedModel): rebuild that network in Java and load its weights; --card gives pixels, fit and schedule")
    boolean twCheckpoint;

    @Override
    public Integer call() {
        DenoiserCard given = card != null ? InteropJson.read(card, DenoiserCard.class) : null;
        long started = System.nanoTime();
        ImageBatch images;
        DenoiserCard used;
        if (twCheckpoint) {
            if (digit != null || guidance.scale != null || guidance.maxStep != null) {
                throw new IllegalArgumentException("the tw-diffusion checkpoint takes no class labels; drop --digit and --guidance");
            }
            if (given == null || given.schedule() == null || given.pixels() == null || given.fit() == null) {
                throw new IllegalArgumentException("--tw-checkpoint needs --card with pixels, fit and schedule "
                        + "(interop/cards/tw-diffusion-mnist0.json has them)");
            }
            used = given;
            // The rebuilt network takes x_t and computes its own time code, like the export's eps_from_xt_t.
            try (TwCheckpointDenoiser denoiser = new TwCheckpointDenoiser(directory, threads)) {
                images = new SamplingPipeline(denoiser, given.schedule().create(), sampling.forImportedModel(Prediction.CHAIN_EPS).create())
                        .generate(count, sampling.batchSize, seed, SamplingObserver.NONE, SamplingPipeline.BatchProgress.NONE);
            }
        } else {
            try (SavedModelDenoiser denoiser = SavedModelDenoiser.open(directory, given, signature, trustModel, threads)) {
                used = denoiser.card();
                SamplingPipeline pipeline = new SamplingPipeline(denoiser, denoiser.schedule(), 
                        sampling.forImportedModel(used.prediction()).create());
                Conditioning conditioning = Conditioning.forSamples(denoiser.classes(), digit, guidance.scale, count, columns);
                conditioning = Conditioning.limited(conditioning, guidance.maxStep);
                images = conditioning == null
                        ? pipeline.generate(count, sampling.batchSize, seed, SamplingObserver.NONE, SamplingPipeline.BatchProgress.NONE)
                        : pipeline.generate(conditioning.labels(), conditioning.scale(), conditioning.maxGuidedStep(), sampling.batchSize,
                                seed, SamplingObserver.NONE, SamplingPipeline.BatchProgress.NONE);
            }
        }
        if (!images.allFinite()) {
            throw new IllegalStateException("sampling produced non-finite pixels; check the card's prediction, time and schedule");
        }
        ImageBatch project = ProjectImages.fromModel(images, used.pixels(), used.fit(), outputSize(images));
        PngGrid.write(project, columns, out, scale);
        System.out.printf(Locale.ROOT, "wrote %d images to %s (%.1f s)%n", images.count(), out, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /**
     * Greyscale models are MNIST's, often padded to 32x32, so their images are cut back to its 28x28 as before;
     * colour images come from other data sets, whose size is the model's.
     */
    private int outputSize(ImageBatch images) {
        if (size != null) {
            return size;
        }
        return images.channels() == 1 ? 28 : images.height();
    }
}
