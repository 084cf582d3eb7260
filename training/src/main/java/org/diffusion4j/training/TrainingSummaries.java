package org.diffusion4j.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.diffusion4j.core.denoisers.GuidedDenoiser;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.ImageGrid;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.SamplingObserver;

/**
 * The Trainer's TensorBoard output: which series exist, at which steps, and the per-epoch sample grid.
 * A no-op when TensorBoard is off.
 */
final class TrainingSummaries implements TrainingListener, AutoCloseable {

    static final String LOSS = "train/loss";
    static final String LEARNING_RATE = "train/learning_rate";
    static final String IMAGES_PER_SECOND = "train/images_per_second";
    static final String EPOCH_TRAIN_LOSS = "epoch/train_loss";
    static final String VALIDATION_LOSS = "epoch/validation_loss";
    /** TensorFlow's image summary appends "/image" to this. */
    static final String SAMPLES = "samples/ddim_ema";

    private final RunFolder run;
    private final TensorBoardOptions options;
    private final TrainingConfig config;
    private final TensorBoardLog log;
    private final ModelSpec spec;
    private final StepWindow window = new StepWindow();

    /** {@code spec}: the model the grid samples; null reads the run folder's model.json (read now, so a missing one fails first). */
    TrainingSummaries(RunFolder run, ModelSpec spec, TensorBoardOptions options, TrainingConfig config, long startStep) {
        this.run = run;
        this.options = options;
        this.config = config;
        // Read now, not after the first epoch, so a run folder without model.json fails before training.
        this.spec = options.sampleImages() == 0 ? null : spec != null ? spec : run.modelSpec();
        this.log = options.enabled() ? new TensorBoardLog(run.tensorBoardDir()) : null;
        if (log != null) {
            // TensorBoard drops earlier points at or after a start's step. The checkpoint's own step keeps its points
            // (its epoch summaries are written after the checkpoint); what a killed session logged later goes.
            log.sessionStart(startStep + 1);
        }
    }

    /** Deletes TensorBoard's own files from the run folder, for a run starting afresh; anything else there stays. */
    static void deleteEventFiles(RunFolder run) {
        if (!Files.isDirectory(run.tensorBoardDir())) {
            return;
        }
        try (Stream<Path> files = Files.list(run.tensorBoardDir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains(".tfevents.")).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** At the steps of steps.csv: the mean loss since the last point, the rate, the throughput inside the steps. */
    @Override
    public void onStep(StepResult step) {
        if (log == null || !window.add(step)) {
            return;
        }
        log.scalar(LOSS, step.step(), window.meanLoss());
        log.scalar(LEARNING_RATE, step.step(), step.learningRate());
        log.scalar(IMAGES_PER_SECOND, step.step(), window.imagesPerSecond(config.batchSize()));
        window.clear();
    }

    /** After an epoch's checkpoint: its losses, and a grid sampled from the checkpoint's EMA weights. */
    @Override
    public void onEpoch(EpochSummary summary) {
        if (log == null) {
            return;
        }
        log.scalar(EPOCH_TRAIN_LOSS, summary.step(), summary.trainLoss());
        if (Double.isFinite(summary.validationLoss())) {
            log.scalar(VALIDATION_LOSS, summary.step(), summary.validationLoss());
        }
        if (options.sampleImages() > 0) {
            ImageBatch images = sample(run.samplingWeights(true));
            int columns = (int) Math.ceil(Math.sqrt(images.count()));
            log.image(SAMPLES, summary.step(), ImageGrid.render(images, columns, 2));
        }
        // Epochs are minutes apart: flushing here keeps TensorBoard current at no measurable cost.
        log.flush();
    }

    /**
     * The same seed every epoch, so the grids differ only by what the network learnt. Deterministic DDIM
     * with clipping, as the end-of-training grid uses.
     */
    private ImageBatch sample(Map<String, ParameterValue> weights) {
        try (NetworkDenoiser denoiser = new NetworkDenoiser(spec.network(), weights, config.threads())) {
            SamplingPipeline pipeline = new SamplingPipeline(denoiser, spec.noiseSchedule(),
                    new DdimSampler(options.samplerSteps(), 0, true));
            if (!denoiser.config().conditional()) {
                return pipeline.generate(options.sampleImages(), options.sampleImages(), config.seed(), SamplingObserver.NONE,
                        SamplingPipeline.BatchProgress.NONE);
            }
            // A conditional run shows the classes in turn, guided as `sample` guides by default.
            int[] labels = new int[options.sampleImages()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % denoiser.classes();
            }
            return pipeline.generate(labels, GuidedDenoiser.DEFAULT_SCALE, labels.length, config.seed(), SamplingObserver.NONE,
                    SamplingPipeline.BatchProgress.NONE);
        }
    }

    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
    }
}
