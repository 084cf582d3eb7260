package org.diffusion4j.cli;

import java.util.List;
import org.diffusion4j.graph.models.BlockType;
import org.diffusion4j.graph.models.UNetConfig;
import org.diffusion4j.training.LossType;
import org.diffusion4j.training.TrainingConfig;

/** Named starting points for `train`; every value can still be overridden by its own option. */
enum Preset {
    /**
     * About 75 s on 2 idle CPU cores: 12,000 digits, 5 epochs. It shows the whole pipeline (loss curve, checkpoints,
     * grids); the samples are still stroke fragments. Recognisable digits need the quality preset.
     */
    DEMO(12_000, new TrainingConfig(5, 64, 1e-3, 100, true, LossType.MSE, 0.995, 0, 0, 0)),
    /** Document 000's settings: all of MNIST, batch 32, 15 epochs, constant learning rate. */
    DOCUMENT000(0, new TrainingConfig(15, 32, 1e-3, 0, false, LossType.MSE, 0.999, 0, 0, 0)),
    /** The default: all of MNIST, batch 128, 30 epochs, warm-up and cosine decay, EMA 0.999. */
    QUALITY(0, new TrainingConfig(30, 128, 1e-3, 200, true, LossType.MSE, 0.999, 0, 0, 0));

    final int trainingImages;
    final TrainingConfig training;

    Preset(int trainingImages, TrainingConfig training) {
        this.trainingImages = trainingImages;
        this.training = training;
    }

    UNetConfig model(int imageSize) {
        return new UNetConfig(imageSize, 1, 16, List.of(1, 2, 3), 1, BlockType.RES_BLOCK, 8, 4, 100);
    }
}
