package org.diffusion4j.examples;

import java.nio.file.Path;
import org.diffusion4j.api.Preset;
import org.diffusion4j.api.TrainingRun;
import org.diffusion4j.api.TrainingSet;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.models.networks.UNetConfig;

/**
 * Trains a small U-Net for one epoch on the first 640 MNIST digits, from the demo preset:
 * {@code TrainTinyRun RUN_FOLDER [MNIST_FOLDER]} (without a folder MNIST is found or downloaded as the command line finds it).
 */
public final class TrainTinyRun {

    private TrainTinyRun() {
    }

    public static void main(String[] args) {
        Path mnist = args.length > 1 ? Path.of(args[1]) : null;
        TrainingRun.TrainingResult result = TrainingRun.create(Path.of(args[0]))
                .preset(Preset.DEMO)
                .data(TrainingSet.idx(DatasetKind.MNIST, mnist).limitedTo(640))
                .network(UNetConfig.document000(28).toBuilder().modelChannels(16).build())
                .configure(config -> config.epochs(1).seed(7))
                .sampleGrids(false)
                .messages(System.out::println)
                .build()
                .train();
        System.out.printf("trained %d epoch(s), validation loss %.4f%n", result.history().size(),
                result.history().get(result.history().size() - 1).validationLoss());
    }
}
