package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.datasets.ImageFolderDataset;
import org.diffusion4j.datasets.ImageFolderSettings;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.models.runs.DataSpec;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.training.DatasetTrainingData;
import org.diffusion4j.training.EpochSummary;
import org.diffusion4j.training.FolderTrainingData;
import org.diffusion4j.training.LossType;
import org.diffusion4j.training.TensorBoardOptions;
import org.diffusion4j.training.Trainer;
import org.diffusion4j.training.TrainingConfig;
import org.diffusion4j.training.TrainingData;
import org.diffusion4j.training.TrainingGraph;
import org.diffusion4j.training.VitTrainingData;
import org.diffusion4j.training.distributed.Replication;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains a U-Net denoiser on MNIST (or Fashion-MNIST, or a folder of one's own images) and, at the end, writes sample grids. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a denoiser (document 000's U-Net, document 004's ViT or a DiT) on MNIST or a folder of images (--images) "
                + "and write sample grids into the run folder.")
final class TrainCommand implements Callable<Integer> {

    /** The classifier-free guidance paper's setting; document 000 and diffusers use 0.1 to 0.2. */
    static final double DEFAULT_LABEL_DROPOUT = 0.1;

    /** The trust in each noise prediction that document 004 tried. */
    private static final double DOCUMENT004_STEP_SIZE = 1.5;

    @Option(names = "--run", defaultValue = "runs/mnist", description = "run folder (default: ${DEFAULT-VALUE})")
    Path runDir;

    @Option(names = "--preset",
            description = "demo (a few minutes), document000, quality (the default for --model unet), dit (the default for --model dit), "
                    + "vit (the default for --model vit)")
    String preset;

    @Option(names = "--resume", description = "continue the run in --run from its last checkpoint")
    boolean resume;

    @Mixin
    DataOptions data;

    @Mixin
    DataOptions.FolderOptions folder;

    /** For telling an option given from its default: --dataset has one, and --images cannot go with it. */
    @Spec
    CommandSpec command;

    @Option(names = "--limit", description = "train on the first N images only (0: all)")
    Integer limit;

    @Option(names = "--pad32", description = "pad the 28x28 digits to 32x32")
    boolean pad32;

    @Option(names = "--epochs", description = "passes over the training set (quality: 30, dit: 12)") Integer epochs;
    @Option(names = "--batch-size", description = "images per step (quality: 128, dit: 16)") Integer batchSize;
    @Option(names = "--learning-rate", description = "Adam's peak learning rate (quality: 2e-3)") Double learningRate;
    @Option(names = "--warmup-steps", description = "linear warm-up steps (quality: 200, dit: 2000)") Integer warmupSteps;
    @Option(names = "--lr-schedule", description = "cosine (warm-up then half-cosine decay) or constant")
    String lrSchedule;
    @Option(names = "--loss", description = "mse or l1") LossType loss;
    @Option(names = "--min-snr-gamma", description = "weight each image's loss by min(SNR, gamma) / SNR (Min-SNR weighting; "
            + "default: 0, every step alike; 5 is usual)") Double minSnrGamma;
    @Option(names = "--init", description = "GLOROT (document 000's preset), FAN_IN (PyTorch's default) or FAN_IN_ZERO_BRANCHES "
            + "(FAN_IN with residual branches and the output starting at zero: demo, quality and dit)") Initialization initialization;
    @Option(names = "--ema-decay", description = "EMA decay of the weights (0: none; quality and dit: 0.9995)") Double emaDecay;
    @Option(names = "--seed", defaultValue = "42", description = "seed of every random draw (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--checkpoint-every", description = "also checkpoint every N steps (default: only at epoch ends)")
    Integer checkpointEvery;
    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads (0: one per core)") int threads;

    /** A group rather than a mixin, for its per-architecture sections (see NetworkOptions). */
    @ArgGroup(exclusive = false)
    NetworkOptions network = new NetworkOptions();

    @Mixin
    PrecisionOption precision;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--conditional", description = "condition the network on the image's class (the digit, or the --images "
            + "sub-folder), for sample --digit or --class, and --guidance")
    boolean conditional;
    @Option(names = "--label-dropout", description = "probability of training a conditional model without the label, "
            + "which classifier-free guidance needs (default with --conditional: 0.1)") Double labelDropout;

    @Option(names = "--no-sample", description = "skip the sample grids written when training ends (DDPM, or the stepwise "
            + "sampler at 100 steps on the geometric chain, and DDIM-20)")
    boolean noSample;

    @Option(names = "--no-tensorboard", description = "write no TensorBoard event files into RUN/tensorboard")
    boolean noTensorBoard;

    @Option(names = "--tensorboard-images", defaultValue = "16",
            description = "images in the DDIM-20 grid (EMA weights) logged to TensorBoard after each epoch; 0: none (default: ${DEFAULT-VALUE})")
    int tensorBoardImages;

    @Option(names = {"-q", "--quiet"}, description = "one line per epoch instead of a progress bar")
    boolean quiet;

    @Override
    public Integer call() {
        if (cluster.isWorker()) {
            return cluster.serveAsWorker(threads);
        }
        // First, so that a missing task is named before any data is read.
        Replication replication = cluster.replication(threads);
        RunFolder run = new RunFolder(runDir);
        Preset chosen = preset == null ? Preset.defaultFor(network.model) : Preset.parse(preset);
        ModelSpec spec;
        TrainingConfig config;
        boolean resuming = resume && run.hasCheckpoint();
        if (resume && !resuming) {
            throw new IllegalArgumentException("nothing to resume: " + run.checkpointFile() + " does not exist; drop --resume to start");
        }
        if (!resume && run.hasCheckpoint()) {
            throw new IllegalArgumentException(runDir + " already holds a run; add --resume to continue it or choose another --run");
        }
        DataSpec saved = resuming ? run.dataSpec().orElse(null) : null;
        boolean onFolder = resuming ? saved != null && saved.readsFolder() : folder.images != null;
        if (onFolder) {
            refuseMnistOptions();
        } else if (!folder.given().isEmpty()) {
            throw new IllegalArgumentException(folder.given().get(0) + " applies to --images folders; MNIST's digits are 28x28 grey"
                    + " (add --pad32 for 32x32)");
        }
        FolderRun images = resuming ? FolderRun.resumed(saved, folder) : FolderRun.fresh(folder);
        if (resuming) {
            spec = run.modelSpec();
            config = run.readJson(run.trainingConfigFile(), TrainingConfig.class);
            if (epochs != null) {
                config = config.withEpochs(epochs);
            }
            if (precision.given()) {
                config = config.withPrecision(precision.value());
            }
            if (images == null) {
                resumeOnSavedData(saved);
            }
        } else {
            int size = images != null ? images.dataset().imageSize() : pad32 ? 32 : 28;
            if (labelDropout != null && !conditional) {
                throw new IllegalArgumentException("--label-dropout only applies to conditional models; add --conditional");
            }
            int classes = images != null ? images.dataset().classNames().size() : DatasetKind.CLASSES;
            NetworkConfig model = images != null ? network.buildForImageFolder(size, conditional ? classes : 0)
                    : network.build(size, conditional ? classes : 0);
            if (images != null) {
                model = withChannels(model, images.dataset().channels());
            }
            spec = new ModelSpec(model, network.schedule());
            config = overrides(chosen.training);
            if (conditional) {
                config = config.withLabelDropout(labelDropout != null ? labelDropout : DEFAULT_LABEL_DROPOUT);
            }
        }
        NoiseSchedule noiseSchedule = spec.noiseSchedule();

        TrainingData trainData;
        TrainingData validationData;
        DataSpec dataSpec;
        if (images != null) {
            images.requireFits(spec.network());
            ImageFolderDataset.Split split = images.dataset().split(config.seed());
            trainData = images.randomFlip() ? FolderTrainingData.randomlyFlipped(split.train(), config.seed())
                    : FolderTrainingData.plain(split.train());
            validationData = FolderTrainingData.plain(split.validation());
            dataSpec = DataSpec.of(images.spec());
        } else {
            MnistDataset all = MnistDataset.load(data.locate(quiet), Split.TRAIN);
            if (spec.network().imageSize() == 32) {
                all = all.paddedTo32();
            }
            int maxImages = limit != null ? limit : chosen.trainingImages;
            if (maxImages > 0 && maxImages < all.size()) {
                all = all.subset(maxImages);
            }
            TrainValidationSplit split = all.split(config.seed());
            trainData = new DatasetTrainingData(split.train());
            validationData = new DatasetTrainingData(split.validation());
            dataSpec = new DataSpec(data.dataset, maxImages);
        }
        // Issue 27: a network may train in other pixel units, and document 004's ViT noises each image many times a step.
        trainData = VitTrainingData.forTraining(spec.network(), trainData);
        validationData = VitTrainingData.forValidation(spec.network(), validationData);
        if (!resuming) {
            run.writeJson(run.modelSpecFile(), spec);
            run.writeJson(run.trainingConfigFile(), config);
            run.writeJson(run.dataSpecFile(), dataSpec);
        }
        TrainingProgress progress = new TrainingProgress(quiet, config.batchSize());
        List<EpochSummary> history;
        PrecisionOption.warnIfEmulated(config.precision());
        if (replication != null) {
            System.out.println("each step is split between " + replication);
        }
        try (TrainingGraph graph = replication != null ? TrainingGraph.replicated(spec.network(), noiseSchedule, config, replication)
                : new TrainingGraph(spec.network(), noiseSchedule, config.objective(), config.threads(), config.precision())) {
            TensorBoardOptions tensorBoard = noTensorBoard ? TensorBoardOptions.OFF : TensorBoardOptions.DEFAULT.withSampleImages(tensorBoardImages);
            history = new Trainer(run, config, progress, tensorBoard).train(graph, trainData, validationData, resuming, -1);
        } finally {
            progress.close();
        }
        if (!history.isEmpty()) {
            EpochSummary last = history.get(history.size() - 1);
            System.out.printf(java.util.Locale.ROOT, "trained %d epochs: train loss %.4f, validation loss %.4f, %.0f s; run folder %s%n",
                    last.epoch(), last.trainLoss(), last.validationLoss(), last.elapsedSeconds(), runDir);
        }
        if (!noSample) {
            // DDPM needs a variance-preserving schedule; on document 004's geometric chain its own sampler takes its place.
            boolean geometric = run.modelSpec().schedule().equals("geometric");
            SamplerSpec first = geometric ? SamplerSpec.of("stepwise").withSteps(100).withStepSize(DOCUMENT004_STEP_SIZE)
                    : SamplerSpec.of("ddpm");
            RunSampling grids = new RunSampling(run, true, threads, config.precision(), quiet);
            for (SamplerSpec sampler : List.of(first, SamplerSpec.of("ddim"))) {
                grids.writeGrid(sampler, 64, config.seed(), run.root().resolve("samples-" + sampler.label() + ".png"));
            }
        }
        return 0;
    }

    /** A resumed run trains on the images it started with; runs saved before data.json existed keep the options. */
    private void resumeOnSavedData(DataSpec saved) {
        if (saved == null) {
            return;
        }
        if (limit != null && limit != saved.imageLimit()) {
            throw new IllegalArgumentException("this run trains on " + (saved.imageLimit() == 0 ? "all" : "the first " + saved.imageLimit())
                    + " training images; drop --limit " + limit + " to resume it, or start a new run with another --run");
        }
        limit = saved.imageLimit();
        data.dataset = saved.dataset();
    }

    /**
     * A run on a folder of images: the prepared images and how they were prepared, as data.json records it.
     * A resumed run reads the folder with its saved settings, so it sees what the network was built for.
     */
    record FolderRun(ImageFolderDataset dataset, DataSpec.Folder spec) {

        /** The folder --images names, or null when training on MNIST. */
        static FolderRun fresh(DataOptions.FolderOptions options) {
            if (options.images == null) {
                return null;
            }
            ImageFolderSettings settings = options.settings();
            Path path = options.images.toAbsolutePath().normalize();
            ImageFolderDataset dataset = options.load(path, settings);
            return new FolderRun(dataset, new DataSpec.Folder(path.toString(), dataset.imageSize(), dataset.channels(),
                    settings.backgroundName(), options.randomFlip, dataset.classNames()));
        }

        /** The folder a resumed run trains on, or null when it trains on MNIST. */
        static FolderRun resumed(DataSpec saved, DataOptions.FolderOptions options) {
            if (saved == null || !saved.readsFolder()) {
                if (options.images != null) {
                    throw new IllegalArgumentException("this run trains on " + (saved == null ? "mnist" : saved.dataset())
                            + "; drop --images to resume it, or start a new run with another --run");
                }
                return null;
            }
            DataSpec.Folder folder = saved.folder();
            if (!options.given().isEmpty()) {
                throw new IllegalArgumentException(options.given().get(0) + " is fixed when a run starts (this one reads " + folder.path()
                        + " at " + folder.imageSize() + "x" + folder.imageSize() + ", " + folder.channels() + " channels, background "
                        + folder.background() + (folder.randomFlip() ? ", random flips" : "") + "); drop it to resume");
            }
            Path path = Path.of(folder.path());
            if (options.images != null && !options.images.toAbsolutePath().normalize().equals(path)) {
                throw new IllegalArgumentException("this run trains on the images in " + path + "; drop --images " + options.images
                        + " to resume it, or start a new run with another --run");
            }
            ImageFolderDataset dataset = DataOptions.loadAsTrained(folder, DataOptions.folderLoader(options.cacheRoot),
                    "restore the sub-folders or start a new run with another --run");
            return new FolderRun(dataset, folder);
        }

        boolean randomFlip() {
            return spec.randomFlip();
        }

        /** The images must be what the network takes; a run's model.json and data.json edited apart would not be. */
        void requireFits(NetworkConfig network) {
            if (network.imageSize() != dataset.imageSize() || network.inChannels() != dataset.channels()) {
                throw new IllegalArgumentException("the network takes " + network.imageSize() + "x" + network.imageSize() + "x"
                        + network.inChannels() + " images but the folder gives " + dataset.imageSize() + "x" + dataset.imageSize() + "x"
                        + dataset.channels() + "; start a new run with another --run");
            }
        }
    }

    /** --images reads a folder; the options that pick or cut an MNIST-format data set have no meaning beside it. */
    private void refuseMnistOptions() {
        for (String option : List.of("--dataset", "--data", "--limit", "--pad32")) {
            if (command != null && command.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " picks MNIST-format data; a run on an --images folder reads every image "
                        + "in it at --image-size: drop " + option);
            }
        }
    }

    /** The network as built for grey images, taking {@code channels} instead. */
    private static NetworkConfig withChannels(NetworkConfig config, int channels) {
        if (config.inChannels() == channels) {
            return config;
        }
        NetworkConfig changed;
        if (config instanceof UNetConfig unet) {
            changed = unet.toBuilder().inChannels(channels).build();
        } else if (config instanceof VitConfig vit) {
            changed = vit.toBuilder().inChannels(channels).build();
        } else {
            changed = ((DitConfig) config).toBuilder().inChannels(channels).build();
        }
        changed.validate();
        return changed;
    }

    /** The preset with the options given; the seed, threads and precision are always the options'. */
    private TrainingConfig overrides(TrainingConfig preset) {
        TrainingConfig.Builder config = preset.toBuilder().seed(seed).threads(threads).precision(precision.value());
        Optional.ofNullable(epochs).ifPresent(config::epochs);
        Optional.ofNullable(batchSize).ifPresent(config::batchSize);
        Optional.ofNullable(learningRate).ifPresent(config::learningRate);
        Optional.ofNullable(warmupSteps).ifPresent(config::warmupSteps);
        Optional.ofNullable(lrSchedule).map(TrainCommand::cosineSchedule).ifPresent(config::cosineDecay);
        Optional.ofNullable(loss).ifPresent(config::loss);
        Optional.ofNullable(emaDecay).ifPresent(config::emaDecay);
        Optional.ofNullable(checkpointEvery).ifPresent(config::checkpointEverySteps);
        Optional.ofNullable(initialization).ifPresent(config::initialization);
        Optional.ofNullable(minSnrGamma).ifPresent(config::minSnrGamma);
        return config.build();
    }

    private static boolean cosineSchedule(String name) {
        return switch (name) {
            case "cosine" -> true;
            case "constant" -> false;
            default -> throw new IllegalArgumentException("unknown --lr-schedule '" + name + "'; use cosine or constant");
        };
    }
}
