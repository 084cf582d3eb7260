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
import org.diffusion4j.datasets.DatasetFolder;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.datasets.ImageFiles;
import org.diffusion4j.interop.InteropJson;
import org.diffusion4j.interop.imports.ClassifierCard;
import org.diffusion4j.interop.imports.SavedModelClassifier;
import org.diffusion4j.evaluation.ClassConditionalScore;
import org.diffusion4j.evaluation.EvaluationRow;
import org.diffusion4j.evaluation.Evaluator;
import org.diffusion4j.evaluation.JudgeVerdict;
import org.diffusion4j.evaluation.KernelDistance;
import org.diffusion4j.evaluation.LabelHistogramChart;
import org.diffusion4j.evaluation.MeanImageDistance;
import org.diffusion4j.evaluation.Predictions;
import org.diffusion4j.evaluation.ReferenceFeatures;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.models.runs.DataSpec;
import org.diffusion4j.models.runs.RunFolder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Document 000's evaluation: generates images from a run (or reads them), then scores test, train,
 * generated and random images against the MNIST test set with LeNet-5 (FLD, KID, mean-image distance),
 * prints the table and writes it as JSON with a label-histogram chart beside the run. With --judge, an
 * imported SavedModel classifier gives a second, independent opinion on the generated images.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score generated digits: FLD, KID and mean-image distance against MNIST test, beside test, train and random.")
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

        /** The LeNet-5 whose features and labels give the scores. */
        record Referee(String classifier, String classifierFingerprint, double classifierTestAccuracy) {
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
        refuseFolderRuns();
        ClassifierFolder classifierFolder = ClassifierFolder.explicitOrDefault(classifierDir).requireTrained();
        // The judge opens first, so a bad card or an unsafe model fails in a second rather than after sampling.
        try (SavedModelClassifier judgeModel = judge != null ? judge.open(threads) : null) {
            return evaluate(classifierFolder, judgeModel, started);
        }
    }

    private int evaluate(ClassifierFolder classifierFolder, SavedModelClassifier judgeModel, long started) {
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

        DatasetFolder dataset = data.locate(quiet);
        MnistDataset test = MnistDataset.load(dataset, Split.TEST);
        double generationSeconds = 0;
        ImageBatch generated;
        if (source.images != null) {
            generated = ImageFiles.read(source.images);
        } else {
            long generationStart = System.nanoTime();
            generated = new RunSampling(new RunFolder(source.runDir), true, threads, precision.value(), quiet)
                    .generate(new RunSampling.Request(sampler, conditioning, count, sampling.batchSize, seed), SamplingObserver.NONE);
            generationSeconds = (System.nanoTime() - generationStart) / 1e9;
        }
        int n = generated.count();
        try (LeNetClassifier classifier = LeNetClassifier.load(classifierFolder, threads)) {
            ImageBatch testImages = test.batch(allIndices(test.size()));
            ReferenceFeatures reference = ReferenceFeatures.loadOrCompute(
                    ReferenceFeatures.cacheFile(classifierFolder.statisticsDir(), data.kind().id() + "-test", classifier),
                    classifier, () -> testImages);
            MeanImageDistance meanImages = MeanImageDistance.of(test, classifier.classes());
            Evaluator evaluator = new Evaluator(classifier, reference, meanImages, kidSubsetSize, kidSubsets, seed);
            MnistDataset train = MnistDataset.load(dataset, Split.TRAIN);
            ImageBatch trainImages = train.batch(java.util.Arrays.copyOf(train.shuffledIndices(seed), Math.min(n, train.size())));
            List<EvaluationRow> rows = new ArrayList<>();
            rows.add(evaluator.evaluate("test", testImages));
            rows.add(evaluator.evaluate("train", trainImages));
            rows.add(evaluator.evaluate("generated", generated));
            rows.add(evaluator.evaluate("random", uniformNoise(n, generated.height(), generated.width(), seed)));
            double accuracy = Predictions.accuracy(Predictions.labels(classifier.probabilities(testImages), classifier.classes()),
                    test.labels());
            int[] testLabelCounts = Predictions.histogram(test.labels(), classifier.classes());
            JudgeVerdict verdict = judgeModel == null ? null : JudgeVerdict.of(judge.directory.toString(), judgeModel, generated, testImages,
                    meanImages, new KernelDistance.Subsets(kidSubsetSize, kidSubsets, seed));
            List<ClassConditionalScore> classScores = new ArrayList<>();
            if (conditioning != null) {
                classScores.add(ClassConditionalScore.of("LeNet-5", classifier, generated, conditioning.labels(), testImages, test.labels()));
                if (judgeModel != null) {
                    classScores.add(ClassConditionalScore.of(judge.directory.toString(), judgeModel, generated, conditioning.labels(),
                            testImages, test.labels()));
                }
            }
            double wallSeconds = (System.nanoTime() - started) / 1e9;
            Report result = new Report(
                    new Report.Images(sampler == null ? source.images.toString() : source.runDir.toString(),
                            sampler == null ? null : sampler.name(), sampler == null ? null : reportedSteps(sampler), sampling.eta,
                            seed, n),
                    new Report.Referee(classifierFolder.root().toString(), classifier.fingerprint(), accuracy),
                    new Report.Table(rows, testLabelCounts, verdict),
                    conditioning == null ? Report.Guided.NONE : new Report.Guided(conditioning.scale(),
                            conditioning.maxGuidedStep() == Integer.MAX_VALUE ? null : conditioning.maxGuidedStep(), classScores),
                    new Report.Cost(sampler == null ? null : precision.value().label(), generationSeconds, wallSeconds));
            print(result);
            write(report, result);
            LabelHistogramChart.write(rows.get(2).predictedCounts(), testLabelCounts,
                    "LeNet-5 labels of " + n + " generated images (" + name + ") vs MNIST test", chart);
            System.out.println("wrote " + report + " and " + chart);
        }
        return 0;
    }

    /** The scores compare with MNIST's test digits, which say nothing about a run on a folder of other images. */
    private void refuseFolderRuns() {
        if (source.runDir != null) {
            new RunFolder(source.runDir).dataSpec().filter(DataSpec::readsFolder).ifPresent(data -> {
                throw new IllegalArgumentException("evaluate scores digits against MNIST with LeNet-5, but " + source.runDir
                        + " was trained on the images in " + data.folder().path() + ", which it has no reference for; look at them with "
                        + "'diffusion4j sample --run " + source.runDir + "'");
            });
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
    static ImageBatch uniformNoise(int count, int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EEDL);
        float[] pixels = new float[count * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return new ImageBatch(pixels, count, height, width, 1);
    }

    private static int[] allIndices(int size) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        return all;
    }

    private static void print(Report r) {
        Report.Table table = r.table();
        System.out.printf(Locale.ROOT, "%-10s %7s %12s %20s %12s%n", "dataset", "images", "FLD", "KID (mean ± sd)", "mean-image");
        for (EvaluationRow row : table.rows()) {
            System.out.printf(Locale.ROOT, "%-10s %7d %12.4f %11.4f ± %-6.4f %12.4f%n", row.name(), row.count(), row.fld(),
                    row.kidMean(), row.kidStandardDeviation(), row.meanImageDistance());
        }
        EvaluationRow generated = table.rows().get(2);
        System.out.println("generated, predicted labels 0-9: " + java.util.Arrays.toString(generated.predictedCounts()));
        System.out.println("generated, nearest class mean 0-9: " + java.util.Arrays.toString(generated.nearestMeanCounts()));
        for (String warning : generated.warnings()) {
            System.out.println("note: " + warning);
        }
        if (table.judge() != null) {
            printJudge(table.judge());
        }
        Report.Guided guided = r.guided();
        if (guided.classScores() != null) {
            System.out.printf(Locale.ROOT, "guidance %s%s: share classified as the asked-for digit, and FLD per class%n", guided.guidance(),
                    guided.guidanceMaxStep() == null ? "" : " at timesteps 0.." + guided.guidanceMaxStep());
            for (ClassConditionalScore score : guided.classScores()) {
                System.out.printf(Locale.ROOT, "  %s: %.2f%% overall; per digit 0-9: %s%n", score.classifier(), 100 * score.accuracy(),
                        percentages(score.classAccuracy()));
                if (score.classFld() != null) {
                    System.out.printf(Locale.ROOT, "  %s: FLD per digit 0-9: %s%n", score.classifier(), fixed(score.classFld()));
                }
            }
        }
        System.out.printf(Locale.ROOT, "classifier: LeNet-5 %s, test accuracy %.2f%%; wall time %.1f s (generation %.1f s)%n",
                r.referee().classifierFingerprint(), 100 * r.referee().classifierTestAccuracy(), r.cost().wallSeconds(),
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
