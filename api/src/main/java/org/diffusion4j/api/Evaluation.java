package org.diffusion4j.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.diffusion4j.core.classifiers.ClassifierInput;
import org.diffusion4j.core.classifiers.FeatureExtractor;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.PerImageScaling;
import org.diffusion4j.core.pipelines.SamplingPipeline.BatchProgress;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.datasets.IdxFile;
import org.diffusion4j.datasets.IdxReader;
import org.diffusion4j.datasets.ImageFiles;
import org.diffusion4j.datasets.ImageFolderLoader;
import org.diffusion4j.evaluation.ClassConditionalScore;
import org.diffusion4j.evaluation.EvaluationRow;
import org.diffusion4j.evaluation.Evaluator;
import org.diffusion4j.evaluation.JudgeVerdict;
import org.diffusion4j.evaluation.KernelDistance;
import org.diffusion4j.evaluation.LabelHistogramChart;
import org.diffusion4j.evaluation.MeanImageDistance;
import org.diffusion4j.evaluation.Predictions;
import org.diffusion4j.evaluation.ReferenceFeatures;
import org.diffusion4j.interop.InteropJson;
import org.diffusion4j.interop.imports.ClassifierCard;
import org.diffusion4j.interop.imports.FeaturesCard;
import org.diffusion4j.interop.imports.SavedModelClassifier;
import org.diffusion4j.interop.imports.SavedModelFeatures;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.models.LeNetClassifier;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.runs.DataSpec;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;

/**
 * Document 000's evaluation from code: generates images from a run (or reads them from files), then scores held-out,
 * training, generated and random images against real ones with LeNet-5 (Fréchet LeNet distance, KID, mean-image distance).
 * The real images are MNIST's test set, or for a run trained on an image folder the images it held out, scored by the
 * LeNet-5 trained on that folder's classes. A judge (any SavedModel classifier) gives a second opinion; a features model
 * moves the distances into its features.
 * <pre>{@code
 * EvaluationReport report = Evaluation.ofRun(Path.of("runs/mnist")).count(1000).build().evaluate();
 * double fld = report.generated().fld();
 * }</pre>
 */
public final class Evaluation {

    /** An imported SavedModel that the evaluation consults: its folder, its card (null: read from the model), whether to trust it. */
    public record ImportedModel(Path directory, Path card, boolean trust) {
    }

    private final Builder settings;
    /**
     * The guidance a conditional run is asked for, its options checked before anything loads; null for an unconditional run
     * or for image files. Its labels are replaced by the {@link ClassMix}'s once the reference images are known.
     */
    private final Conditioning conditioning;

    private Evaluation(Builder settings) {
        this.settings = settings;
        this.conditioning = conditioning();
    }

    /** Scores images generated from the run in {@code runFolder}. */
    public static Builder ofRun(Path runFolder) {
        return new Builder(runFolder, null);
    }

    /** Scores the images in an IDX file or a folder of PNGs. */
    public static Builder ofImages(Path images) {
        return new Builder(null, images);
    }

    /** Generates (if scoring a run), scores and returns the report; writes nothing. */
    public EvaluationReport evaluate() {
        long started = System.nanoTime();
        EvaluationReference reference = reference();
        ClassifierFolder classifierFolder = reference.classifier().requireTrained(reference.trainCommand());
        // The judge opens first, so a bad card or an unsafe model fails in a second rather than after sampling.
        try (SavedModelClassifier judge = settings.judge != null ? openJudge() : null;
             SavedModelFeatures features = settings.features != null ? openFeatures() : null;
             LeNetClassifier classifier = LeNetClassifier.load(classifierFolder, settings.threads)) {
            requireReads(classifier, reference, classifierFolder);
            return score(new Scorers(classifier, judge, features), reference, classifierFolder, started);
        }
    }

    /** The report's file when none is named: evaluation-LABEL.json in the run folder, or beside the scored images. */
    public Path defaultReportFile() {
        if (settings.run == null) {
            Path parent = settings.images.toAbsolutePath().getParent();
            return (parent != null ? parent : Path.of(".")).resolve("evaluation-images.json");
        }
        return settings.run.resolve("evaluation-" + sampler().label() + (conditioning == null ? "" : conditioning.fileLabel()) + ".json");
    }

    /** Writes the report as JSON and, beside it, the chart of the generated images' predicted labels; returns the chart. */
    public Path write(EvaluationReport report, Path file) {
        report.write(file);
        Path chart = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", "") + "-labels.png");
        String name = settings.run == null ? "images" : sampler().label() + (conditioning == null ? "" : conditioning.fileLabel());
        LabelHistogramChart.write(report.generated().predictedCounts(), report.table().testLabelCounts(),
                "LeNet-5 labels of " + report.images().count() + " generated images (" + name + ") vs " + report.referee().dataset()
                        + " " + report.referee().reference(), chart);
        return chart;
    }

    /** The classifiers at work: LeNet-5, and the imported judge and features model, either of which may be null. */
    private record Scorers(LeNetClassifier classifier, SavedModelClassifier judge, SavedModelFeatures features) {
    }

    private EvaluationReport score(Scorers scorers, EvaluationReference reference, ClassifierFolder classifierFolder, long started) {
        LeNetClassifier classifier = scorers.classifier();
        double generationSeconds = 0;
        Conditioning asked = null;
        ImageBatch generated;
        if (settings.images != null) {
            generated = ImageFiles.read(settings.images);
        } else {
            long generationStart = System.nanoTime();
            asked = conditioning == null ? null
                    : conditioning.withLabels(settings.classMix.labels(settings.count, Predictions.histogram(reference.heldOutLabels(),
                    reference.input().classes())));
            try (DiffusionModel model = Diffusion.open(settings.run, OpenOptions.builder().threads(settings.threads)
                    .precision(settings.precision).build())) {
                generated = model.generate(Generation.builder().count(settings.count).seed(settings.seed).sampler(sampler())
                        .batchSize(settings.batchSize).conditioning(asked).progress(settings.progress).build()).images();
            }
            // Scored as grids and 'sample --idx' show them, so that a run's score and its pictures agree: a step size above 1
            // (document 004's sampler) leaves the pixel range, and LeNet-5 never saw such values.
            generated = PerImageScaling.clipped(generated);
            generationSeconds = (System.nanoTime() - generationStart) / 1e9;
        }
        int n = generated.count();
        ImageBatch heldOut = reference.heldOut();
        FeatureExtractor featureModel = scorers.features() != null ? scorers.features() : classifier;
        ReferenceFeatures referenceFeatures = ReferenceFeatures.loadOrCompute(
                ReferenceFeatures.cacheFile(classifierFolder.statisticsDir(), reference.cacheKey(), featureModel), featureModel, () -> heldOut);
        MeanImageDistance meanImages = MeanImageDistance.of(heldOut, reference.heldOutLabels(), classifier.classes());
        KernelDistance.Subsets subsets = new KernelDistance.Subsets(settings.kidSubsetSize, settings.kidSubsets, settings.seed);
        Evaluator evaluator = new Evaluator(classifier, featureModel, referenceFeatures, meanImages, subsets);
        List<EvaluationRow> rows = new ArrayList<>();
        rows.add(evaluator.describeReference(reference.heldOutName(), heldOut));
        rows.add(evaluator.evaluate("train", reference.trainingSample().apply(n)));
        rows.add(evaluator.evaluate("generated", generated));
        rows.add(evaluator.evaluate("random", uniformNoise(n, generated, settings.seed)));
        double accuracy = Predictions.accuracy(Predictions.labels(classifier.probabilities(heldOut), classifier.classes()),
                reference.heldOutLabels());
        int[] heldOutLabelCounts = Predictions.histogram(reference.heldOutLabels(), classifier.classes());
        String judgeName = settings.judge == null ? null : settings.judge.directory().toString();
        JudgeVerdict verdict = scorers.judge() == null ? null
                : JudgeVerdict.of(judgeName, scorers.judge(), generated, heldOut, meanImages, subsets);
        List<ClassConditionalScore> classScores = new ArrayList<>();
        if (asked == null && settings.labels != null) {
            // Images read from files, with the classes they should show (the originals of edited images, or the class an edit
            // asked for): scored as a conditional run's are.
            asked = new Conditioning(givenLabels(n), 0, Integer.MAX_VALUE);
        }
        if (asked != null) {
            classScores.add(ClassConditionalScore.of("LeNet-5", classifier, generated, asked.labels(), heldOut, reference.heldOutLabels()));
            if (scorers.judge() != null) {
                classScores.add(ClassConditionalScore.of(judgeName, scorers.judge(), generated, asked.labels(), heldOut,
                        reference.heldOutLabels()));
            }
        }
        SamplerSpec sampler = settings.run == null ? null : sampler();
        return new EvaluationReport(
                new EvaluationReport.Images(sampler == null ? settings.images.toString() : settings.run.toString(),
                        sampler == null ? null : sampler.name(), sampler == null ? null : reportedSteps(sampler), sampler().eta(), settings.seed, n),
                new EvaluationReport.Referee(classifierFolder.root().toString(), classifier.fingerprint(), accuracy, reference.label(),
                        reference.heldOutName(), reference.classNames(),
                        settings.features == null ? null : settings.features.directory().toString()),
                new EvaluationReport.Table(rows, heldOutLabelCounts, verdict),
                asked == null ? EvaluationReport.Guided.NONE : settings.labels != null
                        ? new EvaluationReport.Guided(null, null, null, classScores)
                        : new EvaluationReport.Guided(asked.scale(), asked.maxGuidedStep() == Integer.MAX_VALUE ? null : asked.maxGuidedStep(),
                        settings.classMix, classScores),
                new EvaluationReport.Cost(sampler == null ? null : settings.precision.label(), generationSeconds,
                        (System.nanoTime() - started) / 1e9));
    }

    /** The labels given for image files, one per image. */
    private int[] givenLabels(int count) {
        IdxFile file = IdxReader.read(settings.labels);
        if (file.dims().length != 1 || file.dims()[0] < count) {
            throw new IllegalArgumentException(settings.labels + " holds labels of shape " + file.shape() + "; give one label per image ("
                    + count + ")");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = file.data()[i] & 0xff;
        }
        return labels;
    }

    /**
     * A folder run is scored against the images it held out, with the LeNet-5 of that folder; everything else (and a folder run
     * given a reference data set, whose images are that set's kind) against an MNIST-format test set.
     */
    private EvaluationReference reference() {
        if (settings.run != null && settings.reference == null) {
            RunFolder run = new RunFolder(settings.run);
            Optional<DataSpec> folder = run.dataSpec().filter(DataSpec::readsFolder);
            if (folder.isPresent()) {
                long splitSeed = RunImages.splitSeed(run).orElseThrow(() -> new IllegalArgumentException(settings.run + " has no training.json, "
                        + "whose seed picks the images it held out; copy its teacher's training.json beside its model.json"));
                ImageFolderLoader loader = settings.folderLoader != null ? settings.folderLoader : ImageFolderLoader.withUserCache(line -> { });
                return EvaluationReference.folder(folder.get().folder(), splitSeed, loader, settings.classifierDir);
            }
        }
        TrainingSet.Idx data = settings.reference != null ? settings.reference : settings.referenceFiles.get();
        return EvaluationReference.idx(data.files(), data.kind(), settings.classifierDir, settings.seed);
    }

    private Conditioning conditioning() {
        if (settings.labels != null && settings.run != null) {
            throw new IllegalArgumentException("--labels names the classes of images read from files; a run's images are asked for their "
                    + "classes: use --digit/--class or the class mix");
        }
        if (settings.run == null) {
            if (settings.guidance != null || settings.guidanceMaxStep != null) {
                throw new IllegalArgumentException("--guidance needs --run: images read from files were not generated here");
            }
            return null;
        }
        ModelSpec spec = new RunFolder(settings.run).modelSpec();
        int classes = spec.network().classes();
        Double guidance = spec.sampling() == null ? settings.guidance : spec.sampling().guidance(settings.guidance);
        return Conditioning.limited(Conditioning.forEvaluation(classes, null, guidance, settings.count), settings.guidanceMaxStep);
    }

    private SamplerSpec sampler() {
        return settings.sampler();
    }

    private SavedModelClassifier openJudge() {
        ImportedModel judge = settings.judge;
        ClassifierCard given = judge.card() != null ? InteropJson.read(judge.card(), ClassifierCard.class) : null;
        SavedModelClassifier model = SavedModelClassifier.open(judge.directory(), given, null, judge.trust(), settings.threads);
        model.assumptions().forEach(a -> settings.notes.add("judge: " + a + "; pass --judge-card to override"));
        return model;
    }

    private SavedModelFeatures openFeatures() {
        ImportedModel features = settings.features;
        FeaturesCard given = features.card() != null ? InteropJson.read(features.card(), FeaturesCard.class) : null;
        return SavedModelFeatures.open(features.directory(), given, features.trust(), settings.threads);
    }

    /** A classifier trained on other images would score these without complaint and mean nothing: refuse it. */
    private static void requireReads(LeNetClassifier classifier, EvaluationReference reference, ClassifierFolder folder) {
        ClassifierInput wanted = reference.input();
        ClassifierInput has = classifier.input();
        if (has.imageSize() != wanted.imageSize() || has.channels() != wanted.channels() || has.classes() != wanted.classes()) {
            throw new IllegalArgumentException("the classifier in " + folder.root() + " reads " + has.imageSize() + "x" + has.imageSize() + "x"
                    + has.channels() + " images of " + has.classes() + " classes, but " + reference.label() + " has " + wanted.imageSize() + "x"
                    + wanted.imageSize() + "x" + wanted.channels() + " images of " + wanted.classes() + "; train one with '"
                    + reference.trainCommand() + "' or pass --classifier DIR");
        }
    }

    /** The steps the report names: the spec's, which ddpm ignores, and none for stepwise's whole chain. */
    private static Integer reportedSteps(SamplerSpec sampler) {
        return sampler.steps() == SamplerSpec.ALL_STEPS ? null : sampler.steps();
    }

    /** Document 000's random row: pixels uniform in the full range, i.e. no structure at all. */
    static ImageBatch uniformNoise(int count, ImageBatch like, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EEDL);
        float[] pixels = new float[count * like.imageSize()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return new ImageBatch(pixels, count, like.height(), like.width(), like.channels());
    }

    /** Settings of an {@link Evaluation}; each has a documented default. */
    public static final class Builder {
        final Path run;
        final Path images;
        SamplerSpec sampler;
        Double guidance;
        Integer guidanceMaxStep;
        ClassMix classMix = ClassMix.REFERENCE;
        Path labels;
        int count = 10_000;
        long seed;
        int batchSize;
        Path classifierDir;
        int kidSubsets = 20;
        int kidSubsetSize = 1000;
        TrainingSet.Idx reference;
        Supplier<TrainingSet.Idx> referenceFiles = TrainingSet::mnist;
        ImageFolderLoader folderLoader;
        ImportedModel judge;
        ImportedModel features;
        int threads;
        Precision precision = Precision.FP32;
        BatchProgress progress = BatchProgress.NONE;
        final List<String> notes = new ArrayList<>();

        private Builder(Path run, Path images) {
            this.run = run;
            this.images = images;
        }

        /** The sampler asked for, or DDPM. */
        SamplerSpec sampler() {
            if (sampler != null) {
                return sampler;
            }
            return Diffusion.recordedSampler(run).orElse(SamplerSpec.of("ddpm"));
        }

        /** The sampler that generates the images (default: a distilled student's own, else DDPM, as `evaluate` samples). */
        public Builder sampler(SamplerSpec value) {
            sampler = value;
            return this;
        }

        /** A conditional run's guidance scale (default {@link Conditioning#DEFAULT_SCALE}). */
        public Builder guidance(Double value) {
            guidance = value;
            return this;
        }

        /** Guidance only at timesteps 0..value (default: every timestep). */
        public Builder guidanceMaxStep(Integer value) {
            guidanceMaxStep = value;
            return this;
        }

        /** Which classes a conditional run is asked for (default {@link ClassMix#REFERENCE}: the reference images' mix). */
        public Builder classMix(ClassMix value) {
            classMix = Objects.requireNonNull(value, "classMix");
            return this;
        }

        /**
         * Images read from files: an IDX labels file with the class each should show (the originals of edited images, or the
         * class an edit asked for); the report then gives the share LeNet-5 reads as those classes, overall and per class
         * (default: none).
         */
        public Builder labels(Path value) {
            labels = value;
            return this;
        }

        /** Images to generate (default 10,000, the usual count for Fréchet distances). */
        public Builder count(int value) {
            count = value;
            return this;
        }

        /** Seed of the sampler, the training subset, the random images and KID's subsets (default 0). */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Images per denoiser call (default: the model's own). */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** The LeNet-5 folder (default: where `classifier train` writes for this data). */
        public Builder classifier(Path value) {
            classifierDir = value;
            return this;
        }

        /** KID's subsets and their size (default 20 of 1,000). */
        public Builder kid(int subsets, int subsetSize) {
            kidSubsets = subsets;
            kidSubsetSize = subsetSize;
            return this;
        }

        /** Score against this MNIST-format test set (default: MNIST, or a folder run's held-out images). */
        public Builder reference(TrainingSet.Idx value) {
            reference = value;
            return this;
        }

        /** Where MNIST's files are found when a run is scored against its test set (default: {@link TrainingSet#mnist()}). */
        public Builder referenceFiles(Supplier<TrainingSet.Idx> value) {
            referenceFiles = value;
            return this;
        }

        /** The loader a folder run's images are read again with (default: the user's cache, silent). */
        public Builder folderLoader(ImageFolderLoader value) {
            folderLoader = value;
            return this;
        }

        /** A SavedModel classifier that judges the generated images too (default: none). */
        public Builder judge(ImportedModel value) {
            judge = value;
            return this;
        }

        /** A SavedModel whose features the distances are computed in (default: LeNet-5's). */
        public Builder features(ImportedModel value) {
            features = value;
            return this;
        }

        /** TensorFlow threads (default 0: one per core). */
        public Builder threads(int value) {
            threads = value;
            return this;
        }

        /** How the network computes while generating (default float32). */
        public Builder precision(Precision value) {
            precision = value;
            return this;
        }

        /** Told after every generated batch. */
        public Builder progress(BatchProgress value) {
            progress = value;
            return this;
        }

        public Evaluation build() {
            return new Evaluation(this);
        }
    }

    /** Notes on assumptions made while opening imported models (e.g. a judge's pixel range), for the caller to show. */
    public List<String> notes() {
        return List.copyOf(settings.notes);
    }
}
