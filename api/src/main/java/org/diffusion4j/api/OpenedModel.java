package org.diffusion4j.api;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.diffusion4j.core.denoisers.ConditionalDenoiser;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.core.editing.Batching;
import org.diffusion4j.core.editing.EditingPipeline;
import org.diffusion4j.core.editing.Guidance;
import org.diffusion4j.core.editing.Interpolation;
import org.diffusion4j.interop.InteropJson;
import org.diffusion4j.interop.imports.PixelRange;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.imports.DenoiserCard;
import org.diffusion4j.interop.imports.ProjectImages;
import org.diffusion4j.interop.imports.SavedModelDenoiser;
import org.diffusion4j.interop.keras.TwCheckpointDenoiser;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.runs.DataSpec;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.Sampling;
import org.diffusion4j.models.runs.RunFolder;

/**
 * A {@link DiffusionModel} over any denoiser: what differs between a run, an export and a foreign SavedModel is how the
 * denoiser is opened, how its samples become display units, the batch size it samples in by default and what a
 * non-finite sample suggests; the generation itself is written once here.
 */
final class OpenedModel implements DiffusionModel {

    /**
     * What differs in sampling by where the model came from: images per denoiser call by default, and what a non-finite sample
     * suggests beyond another sampler.
     */
    private record Habits(int batchSize, String nonFiniteFix) {
        /** What `sample` has always used. */
        static final Habits RUN = new Habits(256, "");
        /** What `sample-imported` has always used, so a SavedModel's samples stay what they were. */
        static final Habits SAVED_MODEL = new Habits(64, "; check the card's prediction, time and schedule");
    }

    private final Denoiser denoiser;
    private final NoiseSchedule schedule;
    private final Prediction prediction;
    /** A folder run's class names, or null for digits (and for unconditional models). */
    private final List<String> folderClasses;
    private final UnaryOperator<ImageBatch> toDisplay;
    private final Habits habits;
    private final String source;
    /** Whether the model's images are the project's (a run, or a diffusion4j export), so user images can go in as they are. */
    private final boolean editable;
    /** The sampler a distilled student was made for, and the guidance it applies itself; null for other models. */
    private final Sampling sampling;

    /**
     * How the model's images become the project's.
     *
     * @param toDisplay from the model's pixels and size to display units
     * @param editable  whether they already are the project's (a run, or a diffusion4j export), so user images can go in
     *                  as they are
     */
    private record Units(UnaryOperator<ImageBatch> toDisplay, boolean editable) {
        static final Units PROJECT = new Units(UnaryOperator.identity(), true);
    }

    /**
     * Where the model came from, and what follows from that.
     *
     * @param source   the folder, for messages
     * @param habits   its sampling habits
     * @param sampling a distilled student's own sampler and guidance, or null
     */
    private record Origin(String source, Habits habits, Sampling sampling) {
    }

    private OpenedModel(Denoiser denoiser, NoiseSchedule schedule, Prediction prediction, List<String> folderClasses, Units units,
                        Origin origin) {
        this.denoiser = denoiser;
        this.schedule = schedule;
        this.prediction = prediction;
        this.folderClasses = folderClasses;
        this.toDisplay = units.toDisplay();
        this.habits = origin.habits();
        this.source = origin.source();
        this.editable = units.editable();
        this.sampling = origin.sampling();
    }

    static OpenedModel run(Path folder, OpenOptions options) {
        RunFolder run = new RunFolder(folder);
        ModelSpec spec = run.modelSpec();
        List<String> classes = run.folderClassNames();
        NetworkDenoiser denoiser = new NetworkDenoiser(spec, run.samplingWeights(!options.rawWeights()), options.threads(),
                options.precision());
        // The pipeline already hands back pixels in [-1, 1], undoing the network's own pixel scale.
        return new OpenedModel(denoiser, spec.noiseSchedule(), spec.prediction(), classes, Units.PROJECT,
                new Origin(folder.toString(), Habits.RUN, spec.sampling()));
    }

    static OpenedModel savedModel(Path folder, OpenOptions options) {
        DenoiserCard given = options.card() != null ? InteropJson.read(options.card(), DenoiserCard.class) : null;
        SavedModelDenoiser denoiser = SavedModelDenoiser.open(folder, given, options.signature(), options.trustModel(), options.threads());
        DenoiserCard card = denoiser.card();
        UnaryOperator<ImageBatch> toProject = images -> ProjectImages.fromModel(images, card.pixels(), card.fit(),
                outputSize(options, images));
        // A diffusion4j export of a folder run names its classes, so --class works on it as on the run.
        List<String> classes = ExportManifest.readFrom(folder).map(ExportManifest::classNames).filter(names -> !areDigits(names))
                .orElse(null);
        boolean ownExport = ExportManifest.readFrom(folder).isPresent() && PixelRange.PROJECT.equals(card.pixels());
        // A distilled student's export is sampled as the student is.
        Sampling sampling = ExportManifest.readFrom(folder).map(ExportManifest::model).map(ModelSpec::sampling).orElse(null);
        return new OpenedModel(denoiser, denoiser.schedule(), card.prediction(), classes, new Units(toProject, ownExport),
                new Origin(folder.toString(), Habits.SAVED_MODEL, sampling));
    }

    private static boolean areDigits(List<String> names) {
        return names.equals(IntStream.range(0, names.size()).mapToObj(String::valueOf).toList());
    }

    static OpenedModel twCheckpoint(Path folder, OpenOptions options) {
        DenoiserCard card = options.card() != null ? InteropJson.read(options.card(), DenoiserCard.class) : null;
        if (card == null || card.schedule() == null || card.pixels() == null || card.fit() == null) {
            throw new IllegalArgumentException("a tw-diffusion checkpoint needs a card with pixels, fit and schedule "
                    + "(interop/cards/tw-diffusion-mnist0.json has them)");
        }
        // The rebuilt network takes x_t and computes its own time code, like the export's eps_from_xt_t.
        TwCheckpointDenoiser denoiser = new TwCheckpointDenoiser(folder, options.threads());
        UnaryOperator<ImageBatch> toProject = images -> ProjectImages.fromModel(images, card.pixels(), card.fit(),
                outputSize(options, images));
        return new OpenedModel(denoiser, card.schedule().create(), Prediction.CHAIN_EPS, null, new Units(toProject, false),
                new Origin(folder.toString(), Habits.SAVED_MODEL, null));
    }

    /**
     * Greyscale SavedModels are MNIST's, often padded to 32x32, so their images are cut back to its 28x28; colour images come
     * from other data sets, whose size is the model's.
     */
    private static int outputSize(OpenOptions options, ImageBatch images) {
        if (options.outputSize() > 0) {
            return options.outputSize();
        }
        return images.channels() == 1 ? 28 : images.height();
    }

    @Override
    public GeneratedImages generate(Generation generation) {
        SamplerSpec sampler = generation.sampler() != null ? generation.sampler() : defaultSampler();
        Conditioning conditioning = generation.conditioning() != null ? generation.conditioning() : conditioning(generation);
        int batchSize = generation.batchSize() > 0 ? generation.batchSize() : habits.batchSize();
        long started = System.nanoTime();
        SamplingPipeline pipeline = new SamplingPipeline(denoiser, schedule, sampler.create());
        ImageBatch images = conditioning == null
                ? pipeline.generate(generation.count(), batchSize, generation.seed(), generation.observer(), generation.progress())
                : pipeline.generate(conditioning.labels(), conditioning.scale(), conditioning.maxGuidedStep(), batchSize, generation.seed(),
                        generation.observer(), generation.progress());
        if (!images.allFinite()) {
            throw new IllegalStateException("the sampler produced non-finite pixels; " + (sampler.clip() ? "try another sampler"
                    : "sample with clipping (drop --no-clip), so that each x0 estimate stays in [-1, 1], or try another sampler")
                    + habits.nonFiniteFix());
        }
        return new GeneratedImages(toDisplay.apply(images), conditioning, (System.nanoTime() - started) / 1e9);
    }

    @Override
    public GeneratedImages edit(Edit edit) {
        if (!editable) {
            throw new IllegalArgumentException(source + " draws images in its own layout (its card's pixels and fit); editing takes a run "
                    + "folder or a diffusion4j export, whose images are the project's");
        }
        SamplerSpec sampler = edit.sampler() != null ? edit.sampler() : defaultSampler();
        int batchSize = edit.batchSize() > 0 ? edit.batchSize() : habits.batchSize();
        long started = System.nanoTime();
        Conditioning conditioning = editConditioning(edit);
        Guidance guidance = conditioning == null ? null
                : new Guidance(conditioning.labels(), conditioning.scale(), conditioning.maxGuidedStep());
        Batching batching = new Batching(batchSize, edit.seed(), edit.observer(), edit.progress());
        EditingPipeline pipeline = new EditingPipeline(denoiser, schedule, sampler.create());
        ImageBatch images = switch (edit.kind()) {
            case IMAGE_TO_IMAGE -> pipeline.imageToImage(edit.images(), pipeline.startTimestep(edit.strength()), guidance, batching);
            case INPAINTING -> pipeline.inpaint(edit.images(), edit.mask(), edit.resampling(), guidance, batching);
            case INTERPOLATION -> pairMajor(new Interpolation(denoiser, schedule, interpolationSteps(sampler))
                    .between(edit.images(), edit.targets(), edit.frames(), guidance), edit.frames());
        };
        if (!images.allFinite()) {
            throw new IllegalStateException("the edit produced non-finite pixels; try another sampler" + habits.nonFiniteFix());
        }
        return new GeneratedImages(images, conditioning, (System.nanoTime() - started) / 1e9);
    }

    /** The class every edited image is steered to, or null: a conditional model edits without a label unless one is asked for. */
    private Conditioning editConditioning(Edit edit) {
        int classes = denoiser instanceof ConditionalDenoiser conditional ? conditional.classes() : 0;
        Integer label = Conditioning.label(folderClasses, edit.digit(), edit.className());
        if (label == null) {
            if (edit.guidance() != null && classes > 0) {
                throw new IllegalArgumentException("--guidance steers an edit towards a class: give --digit or --class too");
            }
            return Conditioning.limited(null, null);
        }
        int count = edit.images().count();
        Conditioning asked = Conditioning.forSamples(classes, label, guidance(edit.guidance()), count, 1);
        return Conditioning.limited(asked, edit.guidanceMaxStep());
    }

    /** DDIM's steps for an inversion: the sampler's when it is DDIM, else 50 (or every timestep of a shorter schedule). */
    private int interpolationSteps(SamplerSpec sampler) {
        return sampler.name().equals("ddim") ? sampler.steps() : Math.min(50, schedule.timesteps());
    }

    /** Interpolation frames come frame after frame; a row per pair reads better. */
    private static ImageBatch pairMajor(ImageBatch frameMajor, int frames) {
        int pairs = frameMajor.count() / frames;
        int size = frameMajor.imageSize();
        float[] pixels = new float[frameMajor.pixels().length];
        for (int frame = 0; frame < frames; frame++) {
            for (int pair = 0; pair < pairs; pair++) {
                System.arraycopy(frameMajor.pixels(), (frame * pairs + pair) * size, pixels, (pair * frames + frame) * size, size);
            }
        }
        return frameMajor.withPixels(pixels);
    }

    /** The classes a request asks for: one for every image, or else the classes in turn; null for an unconditional model. */
    private Conditioning conditioning(Generation generation) {
        int classes = denoiser instanceof ConditionalDenoiser conditional ? conditional.classes() : 0;
        Integer label = Conditioning.label(folderClasses, generation.digit(), generation.className());
        Double guidance = guidance(generation.guidance());
        Conditioning chosen = generation.perClass() > 0
                ? Conditioning.forSamples(classes, label, guidance, generation.count(), generation.perClass())
                : Conditioning.forEvaluation(classes, label, guidance, generation.count());
        Conditioning conditioning = Conditioning.limited(chosen, generation.guidanceMaxStep());
        return conditioning == null ? null : conditioning.named(folderClasses);
    }

    @Override
    public List<String> classNames() {
        int classes = denoiser instanceof ConditionalDenoiser conditional ? conditional.classes() : 0;
        // A folder run trained without --conditional still has sub-folders, but draws no class.
        if (folderClasses != null && classes > 0) {
            return folderClasses;
        }
        return IntStream.range(0, classes).mapToObj(String::valueOf).toList();
    }

    @Override
    public Prediction prediction() {
        return prediction;
    }

    @Override
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** The scale asked for; unasked, none on top of what a distilled student applies itself (scale 1: its conditional call). */
    private Double guidance(Double asked) {
        return sampling == null ? asked : sampling.guidance(asked);
    }

    /** A distilled student's own sampler; else DDIM with 20 steps, or the chain sampler for a per-step-noise model. */
    @Override
    public SamplerSpec defaultSampler() {
        if (sampling != null) {
            return sampling.sampler();
        }
        return SamplerSpec.of(prediction == Prediction.CHAIN_EPS ? "chain" : "ddim");
    }

    @Override
    public Denoiser denoiser() {
        return denoiser;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public void close() {
        denoiser.close();
    }
}
