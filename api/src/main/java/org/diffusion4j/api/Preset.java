package org.diffusion4j.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.networks.NetworkTypes;
import org.diffusion4j.training.TrainingConfig;

/**
 * Named training recipes, the starting points of {@link TrainingRun} and `train --preset`; every value can still be
 * overridden. Seeds, threads and precision are no part of a recipe: the run's own settings give them. How each was
 * found is in docs/RESULTS.md.
 */
public enum Preset {
    /**
     * About 3 minutes on 2 idle CPU cores: 12,000 digits, 5 epochs (840 steps of 64) at twice the quality preset's
     * rate. Zero-initialised residual branches and the higher rate are what make digits this fast; --epochs 10
     * (about 5 minutes) makes clearly better ones.
     */
    DEMO(12_000, TrainingConfig.builder().epochs(5).batchSize(64).learningRate(2e-3).warmupSteps(100).cosineDecay(true)
            .emaDecay(0.995).initialization(Initialization.FAN_IN_ZERO_BRANCHES).build()),
    /** Document 000's settings: all of MNIST, batch 32, 15 epochs, constant learning rate, Glorot weights. */
    DOCUMENT000(0, TrainingConfig.builder().epochs(15).batchSize(32).learningRate(1e-3).warmupSteps(0).cosineDecay(false)
            .emaDecay(0.999).initialization(Initialization.GLOROT).build()),
    /**
     * The default: all of MNIST, batch 128, 30 epochs at 2e-3 with warm-up and cosine decay, EMA 0.9995 (its decay
     * warmed up), residual branches and the output starting at zero.
     */
    QUALITY(0, TrainingConfig.builder().epochs(30).batchSize(128).learningRate(2e-3).warmupSteps(200).cosineDecay(true)
            .emaDecay(0.9995).initialization(Initialization.FAN_IN_ZERO_BRANCHES).build()),
    /**
     * The default for `--model dit`: batch 16 at 2e-3 with a 2,000-step warm-up, 12 epochs, the plain epsilon objective.
     * A DiT learns far more per image from smaller steps (batch 16 costs it about a fifth more per image than 32 on a
     * CPU). 12 epochs of the dit network (MLP ratio 2 with its grid convolution and the stem skip) take about the U-Net
     * preset's training time (98% by the mean of two same-window measurements); with the stem skip, Min-SNR weighting
     * (`--min-snr-gamma 5`) is no longer needed to bring its FLD under 10 (docs/RESULTS.md, section 3).
     */
    DIT(0, TrainingConfig.builder().epochs(12).batchSize(16).learningRate(2e-3).warmupSteps(2000).cosineDecay(true)
            .emaDecay(0.9995).initialization(Initialization.FAN_IN_ZERO_BRANCHES).build()),
    /**
     * The default for `--model vit`: document 004's notebook network (VitConfig.notebook) trained as its author trained
     * it, cut to what 2 shared CPU cores do in well under an hour. Steps of 500 noisy pairs (5 images each noised 100
     * times), Adam at a constant rate with no warm-up and no moving average of the weights, as the notebook's Keras fit.
     * The notebook ran 8 or more epochs of 12,000 such steps; here a step took 2.05 s while other work shared the 2
     * cores, so the preset trains one epoch of 1,000 steps (34 min): 5,000 digits (5,556 before the validation tenth
     * is held out), each noised 100 times. With about 1% of the notebook's steps its 1e-4 is the one training value
     * changed: 1e-3 learns faster in the same steps (docs/RESULTS.md, section 7). The residual branch and the positions
     * start at zero, so the network starts as the identity. 3,600 steps on 18,000 digits with a decaying rate and an EMA
     * (49 minutes) lowered the validation loss by a third and scored no better, so the shorter recipe stays.
     */
    VIT(5_556, TrainingConfig.builder().epochs(1).batchSize(500).learningRate(1e-3).warmupSteps(0).cosineDecay(false)
            .emaDecay(0).initialization(Initialization.FAN_IN_ZERO_BRANCHES).build());

    /** The preset of this name (case and '-' or '_' do not matter); fails listing the names. */
    public static Preset parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException unknown) {
            List<String> names = Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList();
            throw new IllegalArgumentException("unknown --preset '" + name + "'; use " + String.join(", ", names.subList(0, names.size() - 1))
                    + " or " + names.get(names.size() - 1));
        }
    }

    /** The preset `train` uses when none is named: the one the architecture's registration names. */
    public static Preset defaultFor(String architecture) {
        return parse(NetworkTypes.named(architecture).defaultPreset());
    }

    private final int trainingImages;
    private final TrainingConfig training;

    Preset(int trainingImages, TrainingConfig training) {
        this.trainingImages = trainingImages;
        this.training = training;
    }

    /** How many MNIST training images the recipe reads (before the validation tenth is held out); 0: all of them. */
    public int trainingImages() {
        return trainingImages;
    }

    /** The recipe's hyper-parameters (seed 42, all cores, float32 until the run sets its own). */
    public TrainingConfig training() {
        return training;
    }

    /** The name `--preset` takes: "demo", "document000", "quality", "dit", "vit". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
