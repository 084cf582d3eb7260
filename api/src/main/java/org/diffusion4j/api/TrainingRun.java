package org.diffusion4j.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.datasets.ImageFolderLoader;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.training.BuiltInListener;
import org.diffusion4j.training.EpochSummary;
import org.diffusion4j.training.TensorBoardOptions;
import org.diffusion4j.training.TrainingConfig;
import org.diffusion4j.training.TrainingListener;
import org.diffusion4j.training.distributed.Replication;

/**
 * Trains a denoiser into a run folder, exactly as `diffusion4j train` does: model.json, training.json, data.json,
 * checkpoints replaced atomically, CSV logs, the loss plot, TensorBoard and, at the end, sample grids.
 * <pre>{@code
 * TrainingResult result = TrainingRun.create(Path.of("runs/demo"))
 *         .preset(Preset.DEMO)
 *         .data(TrainingSet.mnist())
 *         .listener(myListener)
 *         .build()
 *         .train();
 * }</pre>
 * A run that stopped (killed, or {@link Builder#stopAfterStep}) continues with {@link #resume(Path)}: same data order, same
 * noise, same weights as if it had never stopped.
 */
public final class TrainingRun {

    /** The classifier-free guidance paper's setting; document 000 and diffusers use 0.1 to 0.2. */
    public static final double DEFAULT_LABEL_DROPOUT = 0.1;

    /** Images in each grid written when training ends. */
    static final int GRID_IMAGES = 64;
    /** Images per denoiser call of those grids. */
    private static final int GRID_BATCH_SIZE = 256;
    private static final int GRID_COLUMNS = 8;
    private static final int GRID_SCALE = 3;
    /** The trust in each noise prediction that document 004 tried, for the grids of runs on its geometric chain. */
    private static final double DOCUMENT004_STEP_SIZE = 1.5;

    private final Builder settings;

    private TrainingRun(Builder settings) {
        this.settings = settings;
    }

    /** A new run in {@code folder}, which must not hold one yet. */
    public static Builder create(Path folder) {
        return new Builder(folder, false);
    }

    /** Continues the run in {@code folder} from its last checkpoint, on the data and with the settings it started with. */
    public static Builder resume(Path folder) {
        return new Builder(folder, true);
    }

    /**
     * What the network is built for, from the training images: side, channels, and the number of classes (0 unless the run is
     * conditional).
     *
     * @param imageFolder whether the images come from a folder (colour presets fit them) rather than an MNIST-format set
     */
    public record DataShape(int imageSize, int channels, int classes, boolean imageFolder) {
    }

    /**
     * What a finished (or stopped) session leaves.
     *
     * @param run     the run folder
     * @param history every epoch finished so far, earlier sessions' included
     * @param grids   the sample grids written at the end (empty when switched off or stopped early)
     */
    public record TrainingResult(Path run, List<EpochSummary> history, List<Path> grids) {
    }

    /** Trains to the configured number of epochs (or {@link Builder#stopAfterStep}); returns what the run folder now holds. */
    public TrainingResult train() {
        return new RunTraining(settings).train();
    }

    /** The sample grids written when training ends: DDPM (or document 004's sampler on its chain) and DDIM-20. */
    static List<SamplerSpec> gridSamplers(String schedule) {
        SamplerSpec first = schedule.equals("geometric") ? SamplerSpec.of("stepwise").withSteps(100).withStepSize(DOCUMENT004_STEP_SIZE)
                : SamplerSpec.of("ddpm");
        return List.of(first, SamplerSpec.of("ddim"));
    }

    /** Writes one grid as `train` writes them: EMA weights, a grid row per class for a conditional run. */
    static Path writeGrid(RunFolder run, SamplerSpec sampler, long seed, OpenOptions open) {
        Path file = run.root().resolve("samples-" + sampler.label() + ".png");
        try (DiffusionModel model = Diffusion.open(run.root(), open)) {
            model.generate(Generation.builder().count(GRID_IMAGES).seed(seed).sampler(sampler).batchSize(GRID_BATCH_SIZE)
                    .perClass(GRID_COLUMNS).build()).writeGrid(file, GRID_COLUMNS, GRID_SCALE);
        }
        return file;
    }

    /** Samples per quality point: enough for a Fréchet distance in 84 features, few enough to cost a fraction of an epoch. */
    public static final int DEFAULT_QUALITY_SAMPLES = 300;

    /** The network a run gets when none is given: document 000's U-Net, or the colour preset of the folder's size. */
    static NetworkConfig defaultNetwork(DataShape shape) {
        UNetConfig base = !shape.imageFolder() ? UNetConfig.document000(shape.imageSize()) : switch (shape.imageSize()) {
            case 32 -> UNetConfig.rgb32();
            case 64 -> UNetConfig.rgb64();
            default -> UNetConfig.document000(shape.imageSize());
        };
        UNetConfig config = base.toBuilder().classes(shape.classes()).build();
        config.validate();
        return config;
    }

    /** Settings of a {@link TrainingRun}; each has a documented default. */
    public static final class Builder {
        final Path folder;
        final boolean resume;
        Preset preset;
        TrainingSet data;
        Function<DataShape, NetworkConfig> network;
        String schedule;
        UnaryOperator<TrainingConfig.Builder> configure = UnaryOperator.identity();
        boolean configured;
        boolean conditional;
        Double labelDropout;
        Integer epochs;
        Precision precision;
        final List<TrainingListener> listeners = new ArrayList<>();
        final Set<BuiltInListener> switchedOff = EnumSet.noneOf(BuiltInListener.class);
        TensorBoardOptions tensorBoard = TensorBoardOptions.DEFAULT;
        Replication replication;
        boolean sampleGrids = true;
        /** Epochs between quality points: null for the default (folder runs only), 0 for none. */
        Integer qualityEvery;
        int qualitySamples = DEFAULT_QUALITY_SAMPLES;
        Path qualityClassifier;
        Double minutes;
        long stopAfterStep = -1;
        Consumer<String> messages = line -> { };
        ImageFolderLoader folderLoader;

        private Builder(Path folder, boolean resume) {
            this.folder = folder;
            this.resume = resume;
        }

        /** The recipe (default: the architecture's own, {@link Preset#defaultFor}). */
        public Builder preset(Preset value) {
            preset = value;
            return this;
        }

        /** The images (default: MNIST, found or downloaded); a resumed run reads what it started with. */
        public Builder data(TrainingSet value) {
            data = value;
            return this;
        }

        /** The network (default: document 000's U-Net for MNIST, the colour U-Net of a folder's size). */
        public Builder network(NetworkConfig value) {
            return network(shape -> value);
        }

        /** The network, built for the data's shape. */
        public Builder network(Function<DataShape, NetworkConfig> value) {
            network = value;
            return this;
        }

        /** The noise schedule: cosine, linear or geometric (default: geometric for the ViT, cosine otherwise). */
        public Builder schedule(String value) {
            schedule = value;
            return this;
        }

        /** Changes to the preset's hyper-parameters, e.g. {@code c -> c.epochs(1).seed(7)}; a new run only. */
        public Builder configure(UnaryOperator<TrainingConfig.Builder> value) {
            configure = value;
            configured = true;
            return this;
        }

        /** Condition the network on the image's class, for guided sampling (default: unconditional). */
        public Builder conditional(boolean value) {
            conditional = value;
            return this;
        }

        /** Share of a conditional run's images trained without their label (default {@link #DEFAULT_LABEL_DROPOUT}). */
        public Builder labelDropout(double value) {
            labelDropout = value;
            return this;
        }

        /** A resumed run's new epoch count (default: the one it started with). */
        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        /** A resumed run's new precision (default: the one it started with). */
        public Builder precision(Precision value) {
            precision = value;
            return this;
        }

        /** Adds a listener, told of every step and epoch after the divergence check and before the run folder's files. */
        public Builder listener(TrainingListener value) {
            listeners.add(value);
            return this;
        }

        /** Switches off one of the trainer's own listeners (they are all on by default). */
        public Builder without(BuiltInListener value) {
            switchedOff.add(value);
            return this;
        }

        /** TensorBoard's event files (default {@link TensorBoardOptions#DEFAULT}: scalars and a grid per epoch). */
        public Builder tensorBoard(TensorBoardOptions value) {
            tensorBoard = value;
            return this;
        }

        /** Splits each step between the tasks of a cluster or the devices of this machine (default: one process). */
        public Builder replication(Replication value) {
            replication = value;
            return this;
        }

        /** Whether to write the sample grids when training ends (default true). */
        public Builder sampleGrids(boolean value) {
            sampleGrids = value;
            return this;
        }

        /**
         * A point of the quality curve (quality.csv) after every {@code every} epochs, from {@code samples} DDIM-20 samples
         * scored against the reference images in the classifier's features (default for runs on image folders: about 20
         * points of 300 samples, the folder's LeNet-5 trained first if missing; for MNIST-format data: none; 0: none).
         */
        public Builder qualityCurve(int every, int samples) {
            if (every < 0 || samples < 2) {
                throw new IllegalArgumentException("--quality-every must be >= 0 (0: none) and --quality-samples >= 2, got " + every + " and "
                        + samples);
            }
            qualityEvery = every;
            qualitySamples = samples;
            return this;
        }

        /**
         * A wall-clock budget for a new run: the epochs are set from a short timed probe of the real training step so that the
         * run ends within about this many minutes, then fixed in training.json (default: the recipe's epochs).
         */
        public Builder minutes(double value) {
            if (!(value > 0)) {
                throw new IllegalArgumentException("--minutes must be a positive number, got " + value);
            }
            minutes = value;
            return this;
        }

        /** The LeNet-5 folder the quality curve scores with (default: where `classifier train` writes for this data). */
        public Builder qualityClassifier(Path value) {
            qualityClassifier = value;
            return this;
        }

        /** Stop, after checkpointing, once this many steps are done (default: train to the end). */
        public Builder stopAfterStep(long value) {
            stopAfterStep = value;
            return this;
        }

        /** Where the run's one-line notes go: chosen settings, skipped files, grids written (default: nowhere). */
        public Builder messages(Consumer<String> value) {
            messages = value;
            return this;
        }

        /** The loader (cache folder, messages) a resumed folder run re-reads its images with (default: the user's cache). */
        public Builder folderLoader(ImageFolderLoader value) {
            folderLoader = value;
            return this;
        }

        public TrainingRun build() {
            if (resume && configured) {
                throw new IllegalArgumentException("a resumed run keeps the hyper-parameters it started with; only its epochs and precision "
                        + "can change");
            }
            return new TrainingRun(this);
        }
    }
}
