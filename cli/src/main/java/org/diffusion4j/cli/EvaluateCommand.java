package org.diffusion4j.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.models.LeNetClassifier;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.datasets.ImageFiles;
import org.diffusion4j.interop.InteropJson;
import org.diffusion4j.interop.imports.ClassifierCard;
import org.diffusion4j.interop.imports.FeaturesCard;
import org.diffusion4j.interop.imports.SavedModelClassifier;
import org.diffusion4j.interop.imports.SavedModelFeatures;
import org.diffusion4j.evaluation.ClassConditionalScore;
import org.diffusion4j.evaluation.EvaluationRow;
import org.diffusion4j.evaluation.Evaluator;
import org.diffusion4j.evaluation.JudgeVerdict;
import org.diffusion4j.evaluation.KernelDistance;
import org.diffusion4j.evaluation.LabelHistogramChart;
import org.diffusion4j.evaluation.MeanImageDistance;
import org.diffusion4j.evaluation.Predictions;
import org.diffusion4j.evaluation.ReferenceFeatures;
import org.diffusion4j.core.classifiers.ClassifierInput;
import org.diffusion4j.core.classifiers.FeatureExtractor;
import org.diffusion4j.core.images.PerImageScaling;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.training.TrainingConfig;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.models.runs.DataSpec;
import org.diffusion4j.models.runs.RunFolder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Document 000's evaluation: generates images from a run (or reads them), then scores held-out, train, generated and
 * random images against real ones with LeNet-5 (FLD, KID, mean-image distance), prints the table and writes it as JSON
 * with a label-histogram chart beside the run. The real images are MNIST's test set, or for a run trained on an image
 * folder the images it held out, scored by the LeNet-5 that 'classifier train --images' trained on the folder's classes.
 * With --judge, an imported SavedModel classifier gives a second opinion; with --features, the distances are computed in
 * another SavedModel's features.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score generated images: FLD, KID and mean-image distance against MNIST test (or, for a run trained on "
                + "--images, the images it held out), beside the real images' own scores and random noise. Generated images are "
                + "clipped to [-1, 1] first, as grids and sample --idx show them.")
final class EvaluateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where the images come from: a run to sample, or files. */
    static final class Source {
        @Option(names = "--run", description = "run folder to generate images from") Path runDir;
        @Option(names = "--images", description = "an IDX images file or a folder of 28x28 PNGs to evaluate instead") Path images;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** An imported classifier that judges the generated images besides LeNet-5. */
    static final class Judge {
        @Option(names = "--judge", required = true, paramLabel = "SAVEDMODEL_DIR",
                description = "also judge the generated images with this SavedModel classifier (labels, confidence; FLD/KID if it has features)")
        Path directory;

        @Option(names = "--judge-card", paramLabel = "CARD.json",
                description = "classifier card of the judge (not needed for a diffusion4j classifier export; without it a Keras classifier's "
                        + "scores are read from its graph and its pixels assumed to be 0..1)")
        Path card;

        @Option(names = "--trust-judge", description = "load the judge even if it would run file, process or network ops")
        boolean trust;

        SavedModelClassifier open(int threads) {
            ClassifierCard given = card != null ? InteropJson.read(card, ClassifierCard.class) : null;
            SavedModelClassifier judge = SavedModelClassifier.open(directory, given, null, trust, threads);
            judge.assumptions().forEach(a -> System.out.println("note: judge: " + a + "; pass --judge-card to override"));
            return judge;
        }
    }

    @ArgGroup(exclusive = false)
    Judge judge;

    /** Another model's feature space for the Fréchet distance and KID. */
    static final class Features {
        @Option(names = "--features", required = true, paramLabel = "SAVEDMODEL_DIR",
                description = "compute the Fréchet distance and KID in this SavedModel's features instead of LeNet-5's (e.g. a Keras "
                        + "InceptionV3 exported with average pooling: then they are the FID and KID of the literature)")
        Path directory;

        @Option(names = "--features-card", paramLabel = "CARD.json", description = "signature, imageInput, output, pixels {black, white} "
                + "and fit (RESIZE or PAD) of the features model (not needed for a diffusion4j classifier export)")
        Path card;

        @Option(names = "--trust-features", description = "load the features model even if it would run file, process or network ops")
        boolean trust;

        SavedModelFeatures open(int threads) {
            FeaturesCard given = card != null ? InteropJson.read(card, FeaturesCard.class) : null;
            return SavedModelFeatures.open(directory, given, trust, threads);
        }
    }

    @ArgGroup(exclusive = false)
    Features features;

    @Mixin
    SamplerOptions sampling = SamplerOptions.forRuns();

    @Mixin
    GuidanceOptions guidance;

    @Option(names = "--count", defaultValue = "10000", description = "images to generate (default: ${DEFAULT-VALUE})") int count;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the sampler, the train subset, random images and KID")
    long seed;

    @Option(names = "--classifier", description = "classifier folder (default: where 'classifier train' writes)")
    Path classifierDir;

    @Option(names = "--kid-subsets", defaultValue = "20", description = "KID subsets (default: ${DEFAULT-VALUE})") int kidSubsets;

    @Option(names = "--kid-subset-size", defaultValue = "1000", description = "images per KID subset (default: ${DEFAULT-VALUE})")
    int kidSubsetSize;

    @Option(names = "--out", description = "JSON report (default: RUN/evaluation-SAMPLERSTEPS.json, or beside --images)")
    Path out;

    @Mixin
    DataOptions data;

    /** Where a folder run's images are cached (the --images of this command names files to score). */
    @Option(names = "--image-cache", paramLabel = "DIR", description = "cache root of prepared image folders, for runs trained on "
            + "--images (default: $XDG_CACHE_HOME/diffusion4j or ~/.cache/diffusion4j)")
    Path imageCache;

    @Spec
    CommandSpec command;

    @Option(names = "--threads", defaultValue = "0") int threads;

    @Mixin
    PrecisionOption precision;

    @Option(names = {"-q", "--quiet"}) boolean quiet;

    /**
     * The JSON written next to the run: the table and how it was made. Each part is unwrapped into one flat object whose
     * field names and order are the report's format (docs/results holds reports, and scripts read them).
     */
    record Report(@JsonUnwrapped Images images, @JsonUnwrapped Referee referee, @JsonUnwrapped Table table,
                  @JsonUnwrapped Guided guided, @JsonUnwrapped Cost cost) {

        /** Where the scored images came from; sampler and steps are null for images read from files. */
        record Images(String source, String sampler, Integer steps, double eta, long seed, int count) {
        }

        /**
         * The LeNet-5 whose features and labels give the scores, and the real images they are compared with: its accuracy is
         * measured on those (MNIST's test set, or the images a folder run held out). {@code features}: the SavedModel
         * whose features the distances were computed in, null for the classifier's own (the FLD).
         */
        record Referee(String classifier, String classifierFingerprint, double classifierTestAccuracy, String dataset,
                       String reference, List<String> classNames, String features) {
        }

        /** The rows of the table (test, train, generated, random) and what the judge, if any, made of the generated images. */
        record Table(List<EvaluationRow> rows, int[] testLabelCounts, JudgeVerdict judge) {
        }

        /** A conditional run's guidance and how often each digit came out as asked; all null for an unconditional one. */
        record Guided(Double guidance, Integer guidanceMaxStep, List<ClassConditionalScore> classScores) {
            static final Guided NONE = new Guided(null, null, null);
        }

        /** How the network ran and how long it took. */
        record Cost(String precision, double generationSeconds, double wallSeconds) {
        }
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        EvaluationReference reference = reference();
        ClassifierFolder classifierFolder = reference.classifier().requireTrained(reference.trainCommand());
        // The judge opens first, so a bad card or an unsafe model fails in a second rather than after sampling.
        try (SavedModelClassifier judgeModel = judge != null ? judge.open(threads) : null;
             SavedModelFeatures featureModel = features != null ? features.open(threads) : null) {
            return evaluate(reference, classifierFolder, new Models(judgeModel, featureModel), started);
        }
    }

    /**
     * A folder run is scored against the images it held out, with the LeNet-5 of that folder; everything else (and a folder
     * run given --dataset, whose images are that data set's kind) against an MNIST-format test set.
     */
    private EvaluationReference reference() {
        if (source.runDir != null && !command.commandLine().getParseResult().hasMatchedOption("--dataset")) {
            RunFolder run = new RunFolder(source.runDir);
            java.util.Optional<DataSpec> folder = run.dataSpec().filter(DataSpec::readsFolder);
            if (folder.isPresent()) {
                long splitSeed = run.readJson(run.trainingConfigFile(), TrainingConfig.class).seed();
                return EvaluationReference.folder(folder.get().folder(), splitSeed, DataOptions.folderLoader(imageCache), classifierDir);
            }
        }
        return EvaluationReference.idx(data.locate(quiet), data.kind(), classifierDir, seed);
    }

    /** The imported models an evaluation may use besides LeNet-5; either may be null. */
    private record Models(SavedModelClassifier judge, SavedModelFeatures features) {
    }

    private int evaluate(EvaluationReference reference, ClassifierFolder classifierFolder, Models imported, long started) {
        SavedModelClassifier judgeModel = imported.judge();
        Conditioning conditioning = source.runDir == null ? null
                : Conditioning.limited(Conditioning.forEvaluation(new RunFolder(source.runDir).modelSpec().network().classes(), null,
                        guidance.scale, count), guidance.maxStep);
        if (source.images != null && (guidance.scale != null || guidance.maxStep != null)) {
            throw new IllegalArgumentException("--guidance needs --run: images read from files were not generated here");
        }
        SamplerSpec sampler = source.runDir == null ? null : sampling.forRun();
        String name = sampler == null ? "images" : sampler.label() + (conditioning == null ? "" : conditioning.fileLabel());
        Path report = out != null ? out : reportFolder().resolve("evaluation-" + name + ".json");
        Path chart = report.resolveSibling(report.getFileName().toString().replaceFirst("\\.json$", "") + "-labels.png");

        try (LeNetClassifier classifier = LeNetClassifier.load(classifierFolder, threads)) {
            requireReads(classifier, reference, classifierFolder);
            double generationSeconds = 0;
            ImageBatch generated;
            if (source.images != null) {
                generated = ImageFiles.read(source.images);
            } else {
                long generationStart = System.nanoTime();
                generated = new RunSampling(new RunFolder(source.runDir), true, threads, precision.value(), quiet)
                        .generate(new RunSampling.Request(sampler, conditioning, count, sampling.batchSize, seed), SamplingObserver.NONE);
                // Scored as grids and 'sample --idx' show them, so that a run's score and its pictures agree: a step
                // size above 1 (document 004's sampler) leaves the pixel range, and LeNet-5 never saw such values.
                generated = PerImageScaling.clipped(generated);
                generationSeconds = (System.nanoTime() - generationStart) / 1e9;
            }
            int n = generated.count();
            ImageBatch heldOut = reference.heldOut();
            FeatureExtractor featureModel = imported.features() != null ? imported.features() : classifier;
            ReferenceFeatures referenceFeatures = ReferenceFeatures.loadOrCompute(
                    ReferenceFeatures.cacheFile(classifierFolder.statisticsDir(), reference.cacheKey(), featureModel), featureModel,
                    () -> heldOut);
            MeanImageDistance meanImages = MeanImageDistance.of(heldOut, reference.heldOutLabels(), classifier.classes());
            Evaluator evaluator = new Evaluator(classifier, featureModel, referenceFeatures, meanImages,
                    new KernelDistance.Subsets(kidSubsetSize, kidSubsets, seed));
            List<EvaluationRow> rows = new ArrayList<>();
            rows.add(evaluator.evaluate(reference.heldOutName(), heldOut));
            rows.add(evaluator.evaluate("train", reference.trainingSample().apply(n)));
            rows.add(evaluator.evaluate("generated", generated));
            rows.add(evaluator.evaluate("random", uniformNoise(n, generated, seed)));
            double accuracy = Predictions.accuracy(Predictions.labels(classifier.probabilities(heldOut), classifier.classes()),
                    reference.heldOutLabels());
            int[] heldOutLabelCounts = Predictions.histogram(reference.heldOutLabels(), classifier.classes());
            JudgeVerdict verdict = judgeModel == null ? null : JudgeVerdict.of(judge.directory.toString(), judgeModel, generated, heldOut,
                    meanImages, new KernelDistance.Subsets(kidSubsetSize, kidSubsets, seed));
            List<ClassConditionalScore> classScores = new ArrayList<>();
            if (conditioning != null) {
                classScores.add(ClassConditionalScore.of("LeNet-5", classifier, generated, conditioning.labels(), heldOut,
                        reference.heldOutLabels()));
                if (judgeModel != null) {
                    classScores.add(ClassConditionalScore.of(judge.directory.toString(), judgeModel, generated, conditioning.labels(),
                            heldOut, reference.heldOutLabels()));
                }
            }
            double wallSeconds = (System.nanoTime() - started) / 1e9;
            Report result = new Report(
                    new Report.Images(sampler == null ? source.images.toString() : source.runDir.toString(),
                            sampler == null ? null : sampler.name(), sampler == null ? null : reportedSteps(sampler), sampling.eta,
                            seed, n),
                    new Report.Referee(classifierFolder.root().toString(), classifier.fingerprint(), accuracy, reference.label(),
                            reference.heldOutName(), reference.classNames(),
                            imported.features() == null ? null : features.directory.toString()),
                    new Report.Table(rows, heldOutLabelCounts, verdict),
                    conditioning == null ? Report.Guided.NONE : new Report.Guided(conditioning.scale(),
                            conditioning.maxGuidedStep() == Integer.MAX_VALUE ? null : conditioning.maxGuidedStep(), classScores),
                    new Report.Cost(sampler == null ? null : precision.value().label(), generationSeconds, wallSeconds));
            print(result);
            write(report, result);
            LabelHistogramChart.write(rows.get(2).predictedCounts(), heldOutLabelCounts,
                    "LeNet-5 labels of " + n + " generated images (" + name + ") vs " + reference.label() + " " + reference.heldOutName(),
                    chart);
            System.out.println("wrote " + report + " and " + chart);
        }
        return 0;
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

    private Path reportFolder() {
        if (source.runDir != null) {
            return source.runDir;
        }
        Path parent = source.images.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of(".");
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

    private static void print(Report r) {
        Report.Table table = r.table();
        // Named after the feature space: the FLD is LeNet-5's, anything else is a Fréchet distance in another model's features.
        System.out.printf(Locale.ROOT, "%-10s %7s %12s %20s %12s%n", "dataset", "images", r.referee().features() == null ? "FLD" : "FD",
                "KID (mean ± sd)", "mean-image");
        for (EvaluationRow row : table.rows()) {
            System.out.printf(Locale.ROOT, "%-10s %7d %12.4f %11.4f ± %-6.4f %12.4f%n", row.name(), row.count(), row.fld(),
                    row.kidMean(), row.kidStandardDeviation(), row.meanImageDistance());
        }
        EvaluationRow generated = table.rows().get(2);
        String classes = "classes " + String.join(", ", r.referee().classNames());
        System.out.println("generated, predicted labels (" + classes + "): " + java.util.Arrays.toString(generated.predictedCounts()));
        System.out.println("generated, nearest class mean: " + java.util.Arrays.toString(generated.nearestMeanCounts()));
        for (String warning : generated.warnings()) {
            System.out.println("note: " + warning);
        }
        if (table.judge() != null) {
            printJudge(table.judge());
        }
        Report.Guided guided = r.guided();
        if (guided.classScores() != null) {
            System.out.printf(Locale.ROOT, "guidance %s%s: share classified as the asked-for class, and FLD per class%n", guided.guidance(),
                    guided.guidanceMaxStep() == null ? "" : " at timesteps 0.." + guided.guidanceMaxStep());
            for (ClassConditionalScore score : guided.classScores()) {
                System.out.printf(Locale.ROOT, "  %s: %.2f%% overall; per class: %s%n", score.classifier(), 100 * score.accuracy(),
                        percentages(score.classAccuracy()));
                if (score.classFld() != null) {
                    System.out.printf(Locale.ROOT, "  %s: FLD per class: %s%n", score.classifier(), fixed(score.classFld()));
                }
            }
        }
        if (r.referee().features() != null) {
            System.out.println("FD and KID in the features of " + r.referee().features() + "; labels and per-class scores from LeNet-5");
        }
        System.out.printf(Locale.ROOT, "classifier: LeNet-5 %s, accuracy %.2f%% on %s %s; wall time %.1f s (generation %.1f s)%n",
                r.referee().classifierFingerprint(), 100 * r.referee().classifierTestAccuracy(), r.referee().dataset(),
                r.referee().reference(), r.cost().wallSeconds(),
                r.cost().generationSeconds());
    }

    private static String percentages(double[] shares) {
        StringBuilder text = new StringBuilder();
        for (double share : shares) {
            text.append(text.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", 100 * share));
        }
        return text.toString();
    }

    private static String fixed(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", value));
        }
        return text.toString();
    }

    private static void printJudge(JudgeVerdict v) {
        System.out.printf(Locale.ROOT, "judge %s (%s), generated labels 0-9: %s; %.1f%% with top probability > %.1f%n", v.judge(),
                v.fingerprint(), java.util.Arrays.toString(v.predictedCounts()), 100 * v.confidentShare(), JudgeVerdict.CONFIDENT);
        if (v.fld() != null) {
            System.out.printf(Locale.ROOT, "judge's features: FLD %.4f, KID %.4f ± %.4f%n", v.fld(), v.kidMean(), v.kidStandardDeviation());
        }
    }

    static void write(Path file, Report report) {
        try {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(temporary.toFile(), report);
            java.nio.file.Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
