package org.diffusion4j.examples;

import java.nio.file.Path;
import org.diffusion4j.api.Diffusion;
import org.diffusion4j.api.DiffusionModel;
import org.diffusion4j.api.Distillation;
import org.diffusion4j.api.TrainingSet;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.training.DistillationConfig;
import org.diffusion4j.training.ProgressiveDistillation;

/**
 * Distils a trained run into a student that samples in 4 denoiser calls, then samples it with the sampler it was made for:
 * {@code DistillRun TEACHER STUDENT GRID_PNG STEPS_PER_ROUND [MNIST_FOLDER]} (the defaults, 1,000 steps a round, are what
 * docs/RESULTS.md measures; a few steps only show the mechanics).
 */
public final class DistillRun {

    private DistillRun() {
    }

    public static void main(String[] args) {
        Distillation distillation = Distillation.of(Path.of(args[0]), Path.of(args[1]))
                .config(DistillationConfig.builder().steps(4).stepsPerRound(Integer.parseInt(args[3])).batchSize(32).build())
                .tensorBoard(false)
                .listener(new ProgressiveDistillation.Listener() {
                    @Override
                    public void onRound(int round, int studentSteps, Path sampleGrid, double elapsedSeconds) {
                        System.out.printf("round %d: a %d-step student (%.0f s)%n", round, studentSteps, elapsedSeconds);
                    }
                });
        if (args.length > 4) {
            distillation.data(TrainingSet.idx(DatasetKind.MNIST, Path.of(args[4])));
        }
        Path student = distillation.run();
        try (DiffusionModel model = Diffusion.open(student)) {
            System.out.println("sampling with " + model.defaultSampler().label());
            model.generate(16, 42).writeGrid(Path.of(args[2]));
        }
    }
}
