package org.diffusion4j.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.core.denoisers.ConditionalDenoiser;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.denoisers.GuidedDenoiser;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.distillation.ProgressiveTargets;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.ImageGrid;
import org.diffusion4j.core.images.PngGrid;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.models.runs.Sampling;

/**
 * Progressive distillation (Salimans and Ho, 2022) of a trained run into a student run that samples in a few steps. Round r
 * teaches a student to take in one deterministic DDIM step what its teacher takes in two ({@link ProgressiveTargets}): the
 * first teacher is the trained run walking the grid's steps, each later one the previous round's student. Every student
 * starts as its teacher and predicts v, whose targets stay well scaled at the noisiest step, where a noise-predicting student
 * would have to divide by a signal rate near zero. A conditional teacher is guided in the first round, so the students learn
 * the guided walk and need one call per step.
 *
 * <p>The student folder is an ordinary run: model.json says what it predicts and which sampler it was made for (updated each
 * round), checkpoint.d4j holds its weights, moving average and Adam moments and is written atomically at every round's end,
 * so a killed distillation resumes where its last checkpoint stands and repeats what an uninterrupted one does (every draw
 * comes from the seed and the step). Each finished round leaves its student as a run of its own in rounds/steps-N and a sample
 * grid. Running it again with a smaller target continues from the last round.
 */
public final class ProgressiveDistillation {

    /** What a distillation reports as it goes. */
    public interface Listener {

        /** After every {@link #REPORT_EVERY} steps: the mean loss over them. */
        default void onSteps(int round, int studentSteps, long step, long totalSteps, double meanLoss, double elapsedSeconds) {
        }

        /** After a round: its student's sample grid. */
        default void onRound(int round, int studentSteps, Path sampleGrid, double elapsedSeconds) {
        }
    }

    /** Steps between reports, history rows and TensorBoard points. */
    public static final int REPORT_EVERY = 50;
    /** The student's output: v (see the class comment). */
    public static final Prediction STUDENT_PREDICTION = Prediction.V;
    private static final String HISTORY_HEADER = "round,student_steps,step,loss,seconds";

    private final RunFolder teacherRun;
    private final RunFolder studentRun;
    private final TrainingData data;
    private final DistillationConfig config;
    private final boolean tensorBoard;

    /**
     * @param teacherRun  a trained run (a noise-, v- or x0-predicting network on a variance-preserving schedule)
     * @param studentRun  the student's folder: new, or one this distillation wrote before, to resume
     * @param data        the images the teacher was trained on (with labels for a conditional teacher)
     * @param tensorBoard whether to log the loss and each round's grid under the student's tensorboard/
     */
    public ProgressiveDistillation(Path teacherRun, Path studentRun, TrainingData data, DistillationConfig config, boolean tensorBoard) {
        this.teacherRun = new RunFolder(teacherRun);
        this.studentRun = new RunFolder(studentRun);
        this.data = data;
        this.config = config;
        this.tensorBoard = tensorBoard;
    }

    /** The student's model spec for a round of {@code studentSteps}: the teacher's network, predicting v, made for that sampler. */
    public static ModelSpec studentSpec(ModelSpec teacher, int studentSteps, int grid, double guidanceDistilled) {
        SamplerSpec sampler = new SamplerSpec("ddim", studentSteps, 0.0, true, SamplerSpec.DEFAULT_STEP_SIZE, grid);
        return new ModelSpec(teacher.network(), teacher.schedule(), STUDENT_PREDICTION, new Sampling(sampler, guidanceDistilled));
    }

    /** Runs the remaining rounds; returns the student folder's root. */
    public Path run(Listener listener) {
        ModelSpec teacherSpec = teacherRun.modelSpec();
        if (!teacherSpec.noiseSchedule().variancePreserving()) {
            throw new IllegalArgumentException("progressive distillation needs a variance-preserving schedule; " + teacherRun.root()
                    + " was trained on '" + teacherSpec.schedule() + "'");
        }
        if (teacherSpec.sampling() != null) {
            throw new IllegalArgumentException(teacherRun.root() + " is a distilled student already; distil its teacher with a "
                    + "smaller --to instead");
        }
        boolean conditional = teacherSpec.network().conditional();
        if (data.height() != teacherSpec.network().imageSize() || data.channels() != teacherSpec.network().inChannels()) {
            throw new IllegalArgumentException("the data's images are " + data.height() + "x" + data.width() + "x" + data.channels()
                    + " but the teacher takes " + teacherSpec.network().imageSize() + "x" + teacherSpec.network().imageSize() + "x"
                    + teacherSpec.network().inChannels() + ": give the data the teacher was trained on");
        }
        double guidanceDistilled = conditional ? config.guidance() : 0;
        try {
            Files.createDirectories(studentRun.root().resolve("rounds"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the student folder " + studentRun.root() + ": " + e.getMessage(), e);
        }
        studentRun.writeJson(studentRun.root().resolve("distillation.json"), new Record(teacherRun.root().toAbsolutePath().toString(), config));
        copyTeacherRecords(studentRun);

        long step = 0;
        double elapsedBefore = 0;
        Map<String, ParameterValue> resumed = null;
        // The losses since the last report, so that a resumed run reports the same means as an uninterrupted one.
        LossWindow window = new LossWindow();
        if (studentRun.hasCheckpoint()) {
            ParameterFile.Contents checkpoint = ParameterFile.read(studentRun.checkpointFile());
            step = Long.parseLong(checkpoint.metadata().getOrDefault("step", "0"));
            elapsedBefore = Double.parseDouble(checkpoint.metadata().getOrDefault("elapsed_seconds", "0"));
            window.sum = Double.parseDouble(checkpoint.metadata().getOrDefault("loss_sum", "0"));
            window.count = Integer.parseInt(checkpoint.metadata().getOrDefault("loss_count", "0"));
            resumed = checkpoint.values();
        }
        // Rows a killed run wrote after its last checkpoint are written again by this one.
        CsvRows.trimToStep(studentRun.historyFile(), HISTORY_HEADER, step, ProgressiveDistillation::stepOfRow);
        long total = config.totalSteps();
        long started = System.nanoTime();
        try (DistillationGraph student = new DistillationGraph(teacherSpec.network(), config.threads());
             TensorBoardLog board = tensorBoard ? new TensorBoardLog(studentRun.tensorBoardDir()) : null) {
            if (board != null) {
                board.sessionStart(step);
            }
            while (step < total) {
                int round = (int) (step / config.stepsPerRound()) + 1;
                int studentSteps = config.studentSteps(round);
                studentRun.writeJson(studentRun.modelSpecFile(), studentSpec(teacherSpec, studentSteps, config.grid(), guidanceDistilled));
                ModelSpec teacherOfRound = round == 1 ? teacherSpec : studentSpec(teacherSpec, 2 * studentSteps, config.grid(), guidanceDistilled);
                Map<String, ParameterValue> teacherWeights = round == 1 ? teacherRun.samplingWeights(true)
                        : roundRun(2 * studentSteps).samplingWeights(true);
                if (resumed != null && step % config.stepsPerRound() != 0) {
                    student.restore(resumed);
                } else {
                    student.initializeFrom(teacherWeights);
                }
                resumed = null;
                double guidance = round == 1 ? config.guidance() : 1.0;
                ProgressiveTargets targets = new ProgressiveTargets(teacherSpec.noiseSchedule(), config.grid(), studentSteps, STUDENT_PREDICTION);
                long roundEnd = (long) round * config.stepsPerRound();
                try (NetworkDenoiser teacher = new NetworkDenoiser(teacherOfRound, teacherWeights, config.threads(), Precision.FP32)) {
                    while (step < roundEnd) {
                        Draw draw = draw(step, studentSteps, conditional);
                        Denoiser guided = conditional ? new GuidedDenoiser((ConditionalDenoiser) teacher, draw.labels(), guidance) : teacher;
                        ProgressiveTargets.Batch batch = targets.batch(guided, draw.images(), draw.positions(), draw.noise());
                        double progress = (double) (step - (roundEnd - config.stepsPerRound())) / config.stepsPerRound();
                        float loss = student.step(batch.noisyImages().pixels(), batch.timesteps(), draw.labels(), batch.targets().pixels(),
                                step, config.learningRate() * (1 - progress), config.emaDecay());
                        if (!Float.isFinite(loss)) {
                            throw new IllegalStateException("the distillation loss became " + loss + " at step " + step
                                    + "; resume with a lower --learning-rate (the last checkpoint is intact)");
                        }
                        step++;
                        window.sum += loss;
                        window.count++;
                        double elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
                        if (step % REPORT_EVERY == 0 || step == roundEnd) {
                            double mean = window.sum / window.count;
                            appendHistory(round, studentSteps, step, mean, elapsed);
                            if (board != null) {
                                board.scalar("distillation/loss", step, mean);
                            }
                            listener.onSteps(round, studentSteps, step, total, mean, elapsed);
                            window.sum = 0;
                            window.count = 0;
                        }
                        if (step < roundEnd && config.checkpointEverySteps() > 0 && step % config.checkpointEverySteps() == 0) {
                            writeCheckpoint(student, step, elapsed, window);
                        }
                    }
                }
                Map<String, ParameterValue> state = student.state();
                ModelSpec roundSpec = studentSpec(teacherSpec, studentSteps, config.grid(), guidanceDistilled);
                double elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
                writeRoundRun(roundSpec, round, step, elapsed, state);
                writeCheckpoint(student, step, elapsed, window);
                Path grid = writeSampleGrid(roundSpec, roundRun(studentSteps).samplingWeights(true), board, step);
                listener.onRound(round, studentSteps, grid, elapsed);
            }
        }
        return studentRun.root();
    }

    /**
     * Where a finished round leaves its student as a run of its own (model.json, data.json, and a checkpoint of its weights and
     * their moving average), which sample and evaluate take: rounds/steps-N.
     */
    public RunFolder roundRun(int studentSteps) {
        return new RunFolder(studentRun.root().resolve("rounds").resolve("steps-" + studentSteps));
    }

    private void writeRoundRun(ModelSpec spec, int round, long step, double elapsed, Map<String, ParameterValue> state) {
        RunFolder run = roundRun(spec.sampling().sampler().steps());
        try {
            Files.createDirectories(run.root());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + run.root() + ": " + e.getMessage(), e);
        }
        run.writeJson(run.modelSpecFile(), spec);
        copyTeacherRecords(run);
        Map<String, ParameterValue> weights = new java.util.LinkedHashMap<>();
        state.forEach((name, value) -> {
            if (!name.startsWith(RunFolder.ADAM_FIRST_MOMENT_PREFIX) && !name.startsWith(RunFolder.ADAM_SECOND_MOMENT_PREFIX)) {
                weights.put(name, value);
            }
        });
        ParameterFile.write(run.checkpointFile(), Map.of("round", Integer.toString(round), "step", Long.toString(step),
                "elapsed_seconds", Double.toString(elapsed)), weights);
    }

    /**
     * The teacher's data.json and training.json into a student or round folder: a folder run is scored against the images
     * its training held out, which training.json's seed picks, and the student trained on the teacher's split.
     */
    private void copyTeacherRecords(RunFolder run) {
        teacherRun.dataSpec().ifPresent(data -> run.writeJson(run.dataSpecFile(), data));
        if (Files.isRegularFile(teacherRun.trainingConfigFile())) {
            try {
                Files.copy(teacherRun.trainingConfigFile(), run.trainingConfigFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the teacher's training.json into " + run.root() + ": " + e.getMessage(), e);
            }
        }
    }

    /** What distillation.json records: where the teacher is and how the student was made. */
    public record Record(String teacher, DistillationConfig config) {
    }

    /** One step's images, labels, step positions and noise, all drawn from (seed, step) so a resumed run draws the same. */
    private record Draw(ImageBatch images, int[] labels, int[] positions, ImageBatch noise) {
    }

    private Draw draw(long step, int studentSteps, boolean conditional) {
        SplittableRandom random = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + step);
        int count = config.batchSize();
        int[] indices = new int[count];
        int[] positions = new int[count];
        for (int k = 0; k < count; k++) {
            indices[k] = random.nextInt(data.size());
            positions[k] = random.nextInt(studentSteps);
        }
        int size = data.height() * data.width() * data.channels();
        float[] images = new float[count * size];
        data.copyImages(indices, 0, count, images);
        int[] labels = null;
        if (conditional) {
            labels = new int[count];
            data.copyLabels(indices, 0, count, labels);
        }
        float[] noise = new float[images.length];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
        ImageBatch batch = new ImageBatch(images, count, data.height(), data.width(), data.channels());
        return new Draw(batch, labels, positions, batch.withPixels(noise));
    }

    /** The losses of the steps since the last report. */
    private static final class LossWindow {
        double sum;
        int count;
    }

    private void writeCheckpoint(DistillationGraph student, long step, double elapsed, LossWindow window) {
        ParameterFile.write(studentRun.checkpointFile(), Map.of("step", Long.toString(step), "seed", Long.toString(config.seed()),
                "elapsed_seconds", Double.toString(elapsed), "loss_sum", Double.toString(window.sum),
                "loss_count", Integer.toString(window.count)), student.state());
    }

    /** 64 samples of the round's student on its own sampler, seed 0; a conditional student's rows are its classes in turn. */
    private Path writeSampleGrid(ModelSpec spec, Map<String, ParameterValue> weights, TensorBoardLog board, long step) {
        int steps = spec.sampling().sampler().steps();
        Path file = studentRun.root().resolve("samples-steps" + steps + ".png");
        try (NetworkDenoiser denoiser = new NetworkDenoiser(spec, weights, config.threads(), Precision.FP32)) {
            SamplingPipeline pipeline = new SamplingPipeline(denoiser, spec.noiseSchedule(), spec.sampling().sampler().create());
            ImageBatch images;
            if (denoiser.classes() > 0) {
                int[] labels = new int[80];
                for (int k = 0; k < labels.length; k++) {
                    labels[k] = k / 8 % denoiser.classes();
                }
                images = pipeline.generate(labels, 1.0, labels.length, 0, SamplingObserver.NONE, (done, total) -> { });
            } else {
                images = pipeline.generate(64, 64, 0, SamplingObserver.NONE, (done, total) -> { });
            }
            PngGrid.write(images, 8, file, 2);
            if (board != null) {
                board.image("distillation/samples", step, ImageGrid.render(images, 8, 2));
            }
        }
        return file;
    }

    /** The step of a whole history row; a torn one is refused, so the trim drops it. */
    private static long stepOfRow(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != HISTORY_HEADER.split(",").length) {
            throw new IllegalArgumentException("not a distillation history row: " + line);
        }
        Double.parseDouble(fields[4]);
        return Long.parseLong(fields[2]);
    }

    private void appendHistory(int round, int studentSteps, long step, double loss, double seconds) {
        CsvRows.append(studentRun.historyFile(), HISTORY_HEADER, String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.1f", round, studentSteps, step,
                loss, seconds));
    }
}
