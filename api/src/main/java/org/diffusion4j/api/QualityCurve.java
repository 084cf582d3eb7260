package org.diffusion4j.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.PerImageScaling;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.evaluation.FeatureStatistics;
import org.diffusion4j.evaluation.FrechetDistance;
import org.diffusion4j.evaluation.Predictions;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.models.LeNetClassifier;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.training.CsvRows;
import org.diffusion4j.training.EpochSummary;
import org.diffusion4j.training.TensorBoardLog;
import org.diffusion4j.training.TrainingListener;

/**
 * A number that says, while a run trains, whether its samples are getting better: after every {@code every}-th epoch's
 * checkpoint, a few hundred DDIM-20 samples from the EMA weights are scored against the reference images (the images a
 * folder run holds out, or MNIST's test set) in the classifier's features, as `evaluate` scores them but on fewer
 * samples (so the figure is biased up and comparable only along the curve), and for a conditional run the share the
 * classifier reads as the class asked for (classes in the reference's mix, guidance 3). Rows go to quality.csv (drawn as quality.png), one
 * line per point to the messages, and, when the run writes TensorBoard files, the points to its own event file there
 * ({@link #FLD_TAG}, {@link #ON_LABEL_TAG}). Its time is part of the run's wall time. Close it when training ends.
 */
final class QualityCurve implements TrainingListener, AutoCloseable {

    static final String FILE = "quality.csv";
    /**
     * Held-out images a folder needs for a curve by default: a Fréchet distance in 84 features against fewer is mostly the
     * reference's own sampling noise (the 72-image folder holds out 7), and its points would cost more than the training.
     */
    static final int MIN_REFERENCE_IMAGES = 50;
    static final String HEADER = "epoch,step,samples,fld,on_label,seconds";
    static final int SAMPLER_STEPS = 20;
    static final String FLD_TAG = "quality/fld";
    static final String ON_LABEL_TAG = "quality/on_label";

    private final RunFolder run;
    private final ModelSpec spec;
    private final EvaluationReference reference;
    private final ClassifierFolder classifier;
    private final Settings settings;
    private final Consumer<String> messages;
    private FeatureStatistics referenceStatistics;
    /** Opened at the first point, so that a fresh run's start, which clears the event files, cannot remove it. */
    private TensorBoardLog board;

    /**
     * When and how much to score.
     *
     * @param every   score after every this many epochs
     * @param samples images generated for each point
     * @param seed    seed of the sampling noise (the same noise at every point, so the curve follows the weights)
     * @param threads TensorFlow threads
     * @param tensorBoard whether to log the points under the run's tensorboard/
     */
    record Settings(int every, int samples, long seed, int threads, boolean tensorBoard) {
        Settings {
            if (every < 1 || samples < 2) {
                throw new IllegalArgumentException("the quality curve needs a point every >= 1 epochs and >= 2 samples, got " + every
                        + " and " + samples);
            }
        }
    }

    QualityCurve(RunFolder run, ModelSpec spec, EvaluationReference reference, ClassifierFolder classifier, Settings settings,
                 Consumer<String> messages) {
        this.run = run;
        this.spec = spec;
        this.reference = reference;
        this.classifier = classifier;
        this.settings = settings;
        this.messages = messages;
    }

    /** Every epoch for short runs, else about 20 points over the run. */
    static int defaultEvery(int epochs) {
        return Math.max(1, epochs / 20);
    }

    @Override
    public void onEpoch(EpochSummary summary) {
        if (summary.epoch() % settings.every() != 0) {
            return;
        }
        long started = System.nanoTime();
        try (LeNetClassifier lenet = LeNetClassifier.load(classifier, settings.threads());
             NetworkDenoiser denoiser = new NetworkDenoiser(spec, run.samplingWeights(true), settings.threads(), Precision.FP32)) {
            int dimension = lenet.featureSize();
            if (referenceStatistics == null) {
                referenceStatistics = FeatureStatistics.of(lenet.features(reference.heldOut()), reference.heldOut().count(), dimension);
            }
            SamplingPipeline pipeline = new SamplingPipeline(denoiser, spec.noiseSchedule(), new DdimSampler(SAMPLER_STEPS, 0, true));
            int[] asked = spec.network().classes() == 0 ? null
                    : ClassMix.REFERENCE.labels(settings.samples(), Predictions.histogram(reference.heldOutLabels(), lenet.classes()));
            ImageBatch images = asked == null
                    ? pipeline.generate(settings.samples(), settings.samples(), settings.seed(), SamplingObserver.NONE,
                    SamplingPipeline.BatchProgress.NONE)
                    : pipeline.generate(asked, Conditioning.DEFAULT_SCALE, settings.samples(), settings.seed(), SamplingObserver.NONE,
                    SamplingPipeline.BatchProgress.NONE);
            images = PerImageScaling.clipped(images);
            FeatureStatistics generated = FeatureStatistics.of(lenet.features(images), images.count(), dimension);
            double fld = FrechetDistance.between(referenceStatistics, generated).distance();
            Double onLabel = asked == null ? null
                    : Predictions.accuracy(Predictions.labels(lenet.probabilities(images), lenet.classes()), asked);
            double seconds = (System.nanoTime() - started) / 1e9;
            append(String.format(Locale.ROOT, "%d,%d,%d,%.4f,%s,%.1f", summary.epoch(), summary.step(), images.count(), fld,
                    onLabel == null ? "" : String.format(Locale.ROOT, "%.4f", onLabel), seconds));
            QualityPlot.write(run.root().resolve(FILE), run.root().resolve(QualityPlot.FILE));
            if (settings.tensorBoard()) {
                if (board == null) {
                    board = new TensorBoardLog(run.tensorBoardDir());
                }
                board.scalar(FLD_TAG, summary.step(), fld);
                if (onLabel != null) {
                    board.scalar(ON_LABEL_TAG, summary.step(), onLabel);
                }
                board.flush();
            }
            messages.accept(String.format(Locale.ROOT, "epoch %d quality: FLD %.2f of %d DDIM-%d samples against the %d %s images%s (%.0f s)",
                    summary.epoch(), fld, images.count(), SAMPLER_STEPS, reference.heldOut().count(), reference.heldOutName(),
                    onLabel == null ? "" : String.format(Locale.ROOT, ", %.1f%% read as the class asked for", 100 * onLabel), seconds));
        }
    }

    @Override
    public void close() {
        if (board != null) {
            board.close();
            board = null;
        }
    }

    private void append(String row) {
        CsvRows.append(run.root().resolve(FILE), HEADER, row);
    }

    /** The step of a whole row; a row torn by a kill mid-append has fewer fields and is refused, so the trim drops it. */
    private static long stepOfRow(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != HEADER.split(",").length) {
            throw new IllegalArgumentException("not a quality.csv row: " + line);
        }
        return Long.parseLong(fields[1]);
    }

    /** Cuts quality.csv back to the checkpoint a run resumes from: the resumed run scores the later epochs again. */
    static void resumeAt(RunFolder run, long checkpointStep) {
        Path file = run.root().resolve(FILE);
        if (Files.exists(file)) {
            CsvRows.trimToStep(file, HEADER, checkpointStep, QualityCurve::stepOfRow);
        }
    }
}
