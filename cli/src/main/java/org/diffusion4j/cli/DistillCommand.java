package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.diffusion4j.api.Distillation;
import org.diffusion4j.api.TrainingSet;
import org.diffusion4j.training.DistillationConfig;
import org.diffusion4j.training.ProgressiveDistillation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** 'distill': a trained run into a student run that samples in a few calls; what it does lives in {@link Distillation}. */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = "Distil a trained run into a student that samples in --to denoiser calls (progressive distillation: each "
                + "round halves the steps of the teacher's deterministic DDIM walk). The student is an ordinary run: sample, evaluate "
                + "and export take it and use its own sampler. Run it again on the same --run to resume.")
final class DistillCommand implements Callable<Integer> {

    @Option(names = "--teacher", required = true, paramLabel = "RUN", description = "the trained run to distil")
    Path teacher;

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "the student's run folder (new, or one to resume)")
    Path student;

    @Option(names = "--to", description = "the student's denoiser calls (default: " + DistillationConfig.DEFAULT_STEPS + ")")
    Integer steps;

    @Option(names = "--grid", description = "steps of the teacher's DDIM walk the rounds halve, a power of two times --to (default: "
            + DistillationConfig.DEFAULT_GRID + ")")
    Integer grid;

    @Option(names = "--steps-per-round", description = "optimisation steps per round (default: " + DistillationConfig.DEFAULT_STEPS_PER_ROUND + ")")
    Integer stepsPerRound;

    @Option(names = "--batch-size", description = "images per step (default: " + DistillationConfig.DEFAULT_BATCH_SIZE + ")")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "Adam's rate at each round's start, falling linearly to 0 (default: "
            + DistillationConfig.DEFAULT_LEARNING_RATE + ")")
    Double learningRate;

    @Option(names = "--ema-decay", description = "decay of the weights' moving average (default: " + DistillationConfig.DEFAULT_EMA_DECAY + ")")
    Double emaDecay;

    @Option(names = "--guidance", description = "conditional teachers: the guidance scale distilled in (default: "
            + DistillationConfig.DEFAULT_GUIDANCE + ")")
    Double guidance;

    @Option(names = "--seed", defaultValue = "42", description = "seed of every draw (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--checkpoint-every", description = "also checkpoint every N steps (default: at every round's end)")
    int checkpointEvery;

    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads (0: one per core)")
    int threads;

    @Option(names = "--dataset", description = "mnist or fashion-mnist (default: the teacher's)")
    String dataset;

    @Option(names = "--data", description = "folder holding the four IDX files (else $DIFFUSION4J_DATA, the cache, or a download)")
    Path dataDir;

    @Option(names = "--no-tensorboard", description = "write no TensorBoard event files into RUN/tensorboard")
    boolean noTensorBoard;

    @Option(names = {"-q", "--quiet"}, description = "a line per round instead of every " + ProgressiveDistillation.REPORT_EVERY + " steps")
    boolean quiet;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        DistillationConfig.Builder recipe = DistillationConfig.builder().seed(seed).checkpointEverySteps(checkpointEvery).threads(threads);
        Optional.ofNullable(steps).ifPresent(recipe::steps);
        Optional.ofNullable(grid).ifPresent(recipe::grid);
        Optional.ofNullable(stepsPerRound).ifPresent(recipe::stepsPerRound);
        Optional.ofNullable(batchSize).ifPresent(recipe::batchSize);
        Optional.ofNullable(learningRate).ifPresent(recipe::learningRate);
        Optional.ofNullable(emaDecay).ifPresent(recipe::emaDecay);
        Optional.ofNullable(guidance).ifPresent(recipe::guidance);
        DistillationConfig config = recipe.build();
        Distillation distillation = Distillation.of(teacher, student).config(config).tensorBoard(!noTensorBoard);
        if (dataset != null || dataDir != null) {
            DataOptions data = new DataOptions();
            data.dataset = dataset != null ? dataset : "mnist";
            data.dataDir = dataDir;
            distillation.data(new TrainingSet.Idx(data.kind(), data.locate(quiet), null, false));
        }
        System.out.printf(Locale.ROOT, "distilling %s into %s: %d rounds (%d -> %d steps on a %d-step grid), %d steps each%n", teacher, student,
                config.rounds(), config.grid() / 2, config.steps(), config.grid(), config.stepsPerRound());
        Path done = distillation.listener(new ProgressiveDistillation.Listener() {
            @Override
            public void onSteps(int round, int studentSteps, long step, long totalSteps, double meanLoss, double elapsedSeconds) {
                if (!quiet) {
                    System.out.printf(Locale.ROOT, "round %d (%d steps)  step %d/%d  loss %.5f  %.0f s%n", round, studentSteps, step, totalSteps,
                            meanLoss, elapsedSeconds);
                }
            }

            @Override
            public void onRound(int round, int studentSteps, Path sampleGrid, double elapsedSeconds) {
                System.out.printf(Locale.ROOT, "round %d done: a %d-step student, samples in %s (%.0f s so far)%n", round, studentSteps,
                        sampleGrid, elapsedSeconds);
            }
        }).run();
        System.out.println("the student is ready: diffusion4j sample --run " + done);
        return 0;
    }
}
