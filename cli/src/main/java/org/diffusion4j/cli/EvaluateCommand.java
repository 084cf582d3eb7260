package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.diffusion4j.api.ClassMix;
import org.diffusion4j.api.Evaluation;
import org.diffusion4j.api.EvaluationReport;
import org.diffusion4j.api.TrainingSet;
import org.diffusion4j.evaluation.ClassConditionalScore;
import org.diffusion4j.evaluation.EvaluationRow;
import org.diffusion4j.evaluation.JudgeVerdict;
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

        Evaluation.ImportedModel model() {
            return new Evaluation.ImportedModel(directory, card, trust);
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

        Evaluation.ImportedModel model() {
            return new Evaluation.ImportedModel(directory, card, trust);
        }
    }

    @ArgGroup(exclusive = false)
    Features features;

    @Mixin
    SamplerOptions sampling = SamplerOptions.forRuns();

    @Mixin
    GuidanceOptions guidance;

    @Option(names = "--class-mix", defaultValue = "reference", paramLabel = "reference|balanced",
            description = "a conditional run: ask for the classes in the proportions of the images scored against (reference), or "
                    + "each the same share (balanced) (default: ${DEFAULT-VALUE})", converter = ClassMixConverter.class)
    ClassMix classMix;

    /** Lower-case names on the command line. */
    static final class ClassMixConverter implements picocli.CommandLine.ITypeConverter<ClassMix> {
        @Override
        public ClassMix convert(String value) {
            return ClassMix.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    @Option(names = "--labels", paramLabel = "IDX", description = "with --images: an IDX labels file, the class each image should "
            + "show (e.g. the originals of edited images); adds the share LeNet-5 reads as it")
    Path labels;

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

    @Override
    public Integer call() {
        Evaluation.Builder settings = source.runDir != null ? Evaluation.ofRun(source.runDir) : Evaluation.ofImages(source.images);
        if (source.runDir != null) {
            settings.sampler(sampling.forRun(source.runDir));
        }
        settings.guidance(guidance.scale).guidanceMaxStep(guidance.maxStep).classMix(classMix).labels(labels).count(count).seed(seed).batchSize(sampling.batchSize)
                .classifier(classifierDir).kid(kidSubsets, kidSubsetSize).folderLoader(DataOptions.folderLoader(imageCache))
                .threads(threads).precision(precision.value());
        if (source.runDir == null || command.commandLine().getParseResult().hasMatchedOption("--dataset")) {
            settings.reference(new TrainingSet.Idx(data.kind(), data.locate(quiet), null, false));
        } else {
            settings.referenceFiles(() -> new TrainingSet.Idx(data.kind(), data.locate(quiet), null, false));
        }
        if (judge != null) {
            settings.judge(judge.model());
        }
        if (features != null) {
            settings.features(features.model());
        }
        EvaluationReport result;
        Evaluation evaluation;
        try (SamplingBar bar = new SamplingBar(quiet || source.runDir == null, sampling.forRun(source.runDir))) {
            evaluation = settings.progress(bar.progress()).build();
            result = evaluation.evaluate();
        }
        Path report = out != null ? out : evaluation.defaultReportFile();
        evaluation.notes().forEach(note -> System.out.println("note: " + note));
        print(result);
        Path chart = evaluation.write(result, report);
        System.out.println("wrote " + report + " and " + chart);
        return 0;
    }

    private static void print(EvaluationReport r) {
        EvaluationReport.Table table = r.table();
        // Named after the feature space: the FLD is LeNet-5's, anything else is a Fréchet distance in another model's features.
        System.out.printf(Locale.ROOT, "%-10s %7s %12s %20s %12s%n", "dataset", "images", r.referee().features() == null ? "FLD" : "FD",
                "KID (mean ± sd)", "mean-image");
        for (EvaluationRow row : table.rows()) {
            if (row.reference()) {
                System.out.printf(Locale.ROOT, "%-10s %7d %33s %12.4f%n", row.name(), row.count(), "(the reference: rows are scored against it)",
                        row.meanImageDistance());
            } else {
                System.out.printf(Locale.ROOT, "%-10s %7d %12.4f %11.4f ± %-6.4f %12.4f%n", row.name(), row.count(), row.fld(),
                        row.kidMean(), row.kidStandardDeviation(), row.meanImageDistance());
            }
        }
        System.out.println("KID: the unbiased MMD² with a cubic kernel, in raw feature units (not scaled by 1,000)");
        EvaluationRow generated = table.rows().get(2);
        String classes = "classes " + String.join(", ", r.referee().classNames());
        System.out.println("generated, predicted labels (" + classes + "): " + Arrays.toString(generated.predictedCounts()));
        System.out.println("generated, nearest class mean: " + Arrays.toString(generated.nearestMeanCounts()));
        for (String warning : generated.warnings()) {
            System.out.println("note: " + warning);
        }
        if (table.judge() != null) {
            printJudge(table.judge());
        }
        if (r.guided().classScores() != null) {
            printGuided(r.guided(), r.referee().reference());
        }
        if (r.referee().features() != null) {
            System.out.println("FD and KID in the features of " + r.referee().features() + "; labels and per-class scores from LeNet-5");
        }
        System.out.printf(Locale.ROOT, "classifier: LeNet-5 %s, accuracy %.2f%% on %s %s; wall time %.1f s (generation %.1f s)%n",
                r.referee().classifierFingerprint(), 100 * r.referee().classifierTestAccuracy(), r.referee().dataset(),
                r.referee().reference(), r.cost().wallSeconds(),
                r.cost().generationSeconds());
    }

    private static void printGuided(EvaluationReport.Guided guided, String reference) {
        if (guided.guidance() == null) {
            System.out.println("given labels: share classified as the given class, and FLD per class");
        } else {
            System.out.printf(Locale.ROOT, "guidance %s%s, asked for %s (%s): share classified as the asked-for class, and FLD per class%n",
                    guided.guidance(), guided.guidanceMaxStep() == null ? "" : " at timesteps 0.." + guided.guidanceMaxStep(),
                    guided.classMix().description(), reference);
        }
        for (ClassConditionalScore score : guided.classScores()) {
            System.out.printf(Locale.ROOT, "  %s: %.2f%% overall; asked per class: %s; on-label per class: %s%n", score.classifier(),
                    100 * score.accuracy(), Arrays.toString(score.askedCounts()), percentages(score.classAccuracy()));
            if (score.realClassAccuracy() != null) {
                System.out.printf(Locale.ROOT, "  %s: right per class on the real %s images: %s%n", score.classifier(), reference,
                        percentages(score.realClassAccuracy()));
            }
            if (score.classFld() != null) {
                System.out.printf(Locale.ROOT, "  %s: FLD per class: %s%n", score.classifier(), fixed(score.classFld()));
                if (Arrays.asList(score.classFld()).contains(null)) {
                    System.out.printf(Locale.ROOT, "  (-: fewer than %d images of the class on one side, too few for a Fréchet distance in %d "
                            + "features)%n", score.classFldMinimumImages(), score.classFldMinimumImages() - 1);
                }
            }
        }
    }

    private static String percentages(Double[] shares) {
        StringBuilder text = new StringBuilder();
        for (Double share : shares) {
            text.append(text.length() == 0 ? "" : " ").append(share == null ? "-" : String.format(Locale.ROOT, "%.1f", 100 * share));
        }
        return text.toString();
    }

    private static String fixed(Double[] values) {
        StringBuilder text = new StringBuilder();
        for (Double value : values) {
            text.append(text.length() == 0 ? "" : " ").append(value == null ? "-" : String.format(Locale.ROOT, "%.2f", value));
        }
        return text.toString();
    }

    private static void printJudge(JudgeVerdict v) {
        System.out.printf(Locale.ROOT, "judge %s (%s), generated labels 0-9: %s; %.1f%% with top probability > %.1f%n", v.judge(),
                v.fingerprint(), Arrays.toString(v.predictedCounts()), 100 * v.confidentShare(), JudgeVerdict.CONFIDENT);
        if (v.fld() != null) {
            System.out.printf(Locale.ROOT, "judge's features: FLD %.4f, KID %.4f ± %.4f%n", v.fld(), v.kidMean(), v.kidStandardDeviation());
        }
    }
}
