package org.diffusion4j.examples;

import java.nio.file.Path;
import org.diffusion4j.api.Classifiers;
import org.diffusion4j.api.Evaluation;
import org.diffusion4j.api.EvaluationReport;
import org.diffusion4j.api.TrainingSet;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.training.ClassifierTrainingConfig;
import org.diffusion4j.training.ClassifierTrainingListener;

/**
 * Scores a run's Fréchet LeNet distance against MNIST's test set, training the LeNet-5 first if the folder has none:
 * {@code ScoreRun RUN_FOLDER CLASSIFIER_FOLDER IMAGES [MNIST_FOLDER]}.
 */
public final class ScoreRun {

    private ScoreRun() {
    }

    public static void main(String[] args) {
        Path classifier = Path.of(args[1]);
        TrainingSet.Idx mnist = TrainingSet.idx(DatasetKind.MNIST, args.length > 3 ? Path.of(args[3]) : null);
        if (!new ClassifierFolder(classifier).exists()) {
            double accuracy = Classifiers.trainLeNet(mnist, classifier, ClassifierTrainingConfig.builder().epochs(1).build(),
                    ClassifierTrainingListener.SILENT).testAccuracy();
            System.out.printf("LeNet-5 test accuracy %.2f%%%n", 100 * accuracy);
        }
        EvaluationReport report = Evaluation.ofRun(Path.of(args[0]))
                .sampler(SamplerSpec.of("ddim").withSteps(10))
                .count(Integer.parseInt(args[2]))
                .kid(2, Integer.parseInt(args[2]) / 2)
                .classifier(classifier)
                .reference(mnist)
                .build()
                .evaluate();
        System.out.printf("FLD %.2f (training images: %.2f, random noise: %.2f)%n", report.generated().fld(),
                report.table().rows().get(1).fld(), report.table().rows().get(3).fld());
    }
}
