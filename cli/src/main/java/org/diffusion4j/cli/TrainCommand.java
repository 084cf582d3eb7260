package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.diffusion4j.api.Preset;
import org.diffusion4j.api.TrainingRun;
import org.diffusion4j.api.TrainingSet;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.runs.DataSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.training.EpochSummary;
import org.diffusion4j.training.LossType;
import org.diffusion4j.training.TensorBoardOptions;
import org.diffusion4j.training.TrainingConfig;
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
    @Option(names = "--class-balance", description = "a conditional run's share of steps per class: 0 as the data holds them, "
            + "1 every class alike, between in proportion to (class size)^(1 - balance) (default: 0)") Double classBalance;
    @Option(names = "--prediction", paramLabel = "eps|v", description = "what the network learns to output: eps (the noise) or v "
            + "(Salimans and Ho's v; every sampler and export converts it) (default: eps)") String prediction;
    @Option(names = "--gradient-clip", paramLabel = "NORM", description = "scale each step's gradient down to this global norm when "
            + "longer (default: 0, never; 1 is usual)") Double gradientClip;
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

    @Option(names = "--quality-every", paramLabel = "EPOCHS", description = "a point of the quality curve (RUN/quality.csv: FLD of "
            + "DDIM-20 samples against the reference images, and the share on label) after every N epochs; 0: none (default: about "
            + "20 points for --images runs, none for MNIST)")
    Integer qualityEvery;

    @Option(names = "--minutes", paramLabel = "N", description = "a new run: train for about N minutes of wall time (the epochs "
            + "are set from a short timed probe of the training step and fixed in training.json; the quality curve's time counts)")
    Double minutes;

    @Option(names = "--quality-classifier", paramLabel = "DIR", description = "the LeNet-5 folder the quality curve scores with "
            + "(default: where 'classifier train' writes for this data; a folder's is trained there first when missing)")
    Path qualityClassifier;

    @Option(names = "--quality-samples", defaultValue = "" + TrainingRun.DEFAULT_QUALITY_SAMPLES,
            description = "samples per point of the quality curve (default: ${DEFAULT-VALUE})")
    int qualitySamples;

    @Override
    public Integer call() {
        if (cluster.isWorker()) {
            return cluster.serveAsWorker(threads);
        }
        // First, so that a missing task is named before any data is read.
        Replication replication = cluster.replication(threads);
        if (labelDropout != null && !conditional) {
            throw new IllegalArgumentException("--label-dropout only applies to conditional models; add --conditional");
        }
        TrainingRun.Builder run = resume ? resumed() : fresh();
        // The run settles its batch size from the preset, the options or its training.json, which it writes before training starts.
        RunFolder runFolder = new RunFolder(runDir);
        TrainingProgress progress = new TrainingProgress(quiet,
                () -> runFolder.readJson(runFolder.trainingConfigFile(), TrainingConfig.class).batchSize());
        if (qualityEvery != null) {
            run.qualityCurve(qualityEvery, qualitySamples);
        }
        run.qualityClassifier(qualityClassifier);
        if (minutes != null) {
            if (resume) {
                throw new IllegalArgumentException("--minutes sets a new run's length; a resumed run keeps the epochs in its training.json");
            }
            run.minutes(minutes);
        }
        run.listener(progress).replication(replication).sampleGrids(!noSample).messages(System.out::println)
                .tensorBoard(noTensorBoard ? TensorBoardOptions.OFF : TensorBoardOptions.DEFAULT.withSampleImages(tensorBoardImages));
        TrainingRun.TrainingResult result;
        try {
            result = run.build().train();
        } finally {
            progress.close();
        }
        List<EpochSummary> history = result.history();
        if (!history.isEmpty()) {
            EpochSummary last = history.get(history.size() - 1);
            System.out.printf(java.util.Locale.ROOT, "trained %d epochs: train loss %.4f, validation loss %.4f, %.0f s; run folder %s%n",
                    last.epoch(), last.trainLoss(), last.validationLoss(), last.elapsedSeconds(), runDir);
        }
        return 0;
    }

    /** A new run: the preset and the options given, on MNIST or an --images folder. */
    private TrainingRun.Builder fresh() {
        TrainingRun.Builder run = TrainingRun.create(runDir);
        if (folder.images != null) {
            refuseMnistOptions();
            run.data(TrainingSet.folder(folder.images, folder.settings(), folder.randomFlip, DataOptions.folderLoader(folder.cacheRoot)));
        } else {
            if (!folder.given().isEmpty()) {
                throw new IllegalArgumentException(folder.given().get(0) + " applies to --images folders; MNIST's digits are 28x28 grey"
                        + " (add --pad32 for 32x32)");
            }
            TrainingSet.Idx idx = new TrainingSet.Idx(data.kind(), data.locate(quiet), limit, pad32);
            run.data(idx);
        }
        if (preset != null) {
            run.preset(Preset.parse(preset));
        }
        run.network(shape -> shape.imageFolder() ? network.buildForImageFolder(shape.imageSize(), shape.classes())
                : network.build(shape.imageSize(), shape.classes()));
        run.schedule(network.schedule()).conditional(conditional).configure(this::overrides);
        if (labelDropout != null) {
            run.labelDropout(labelDropout);
        }
        return run;
    }

    /** A run continued from its checkpoint: only the epochs and precision may change; the data is the run's own. */
    private TrainingRun.Builder resumed() {
        TrainingRun.Builder run = TrainingRun.resume(runDir).folderLoader(DataOptions.folderLoader(folder.cacheRoot));
        Optional<DataSpec> saved = new RunFolder(runDir).dataSpec();
        boolean onFolder = saved.map(DataSpec::readsFolder).orElse(false);
        if (onFolder) {
            refuseMnistOptions();
            DataSpec.Folder trained = saved.get().folder();
            if (!folder.given().isEmpty()) {
                throw new IllegalArgumentException(folder.given().get(0) + " is fixed when a run starts (this one reads " + trained.path()
                        + " at " + trained.imageSize() + "x" + trained.imageSize() + ", " + trained.channels() + " channels, background "
                        + trained.background() + (trained.randomFlip() ? ", random flips" : "") + "); drop it to resume");
            }
            if (folder.images != null && !folder.images.toAbsolutePath().normalize().equals(Path.of(trained.path()))) {
                throw new IllegalArgumentException("this run trains on the images in " + trained.path() + "; drop --images " + folder.images
                        + " to resume it, or start a new run with another --run");
            }
        } else if (folder.images != null) {
            throw new IllegalArgumentException("this run trains on " + saved.map(DataSpec::dataset).orElse("mnist")
                    + "; drop --images to resume it, or start a new run with another --run");
        } else if (new RunFolder(runDir).hasCheckpoint()) {
            // The saved data set's files, found as --data and the environment say.
            data.dataset = saved.map(DataSpec::dataset).orElse("mnist");
            run.data(new TrainingSet.Idx(data.kind(), data.locate(quiet), limit, false));
        }
        if (epochs != null) {
            run.epochs(epochs);
        }
        if (precision.given()) {
            run.precision(precision.value());
        }
        PrecisionOption.warnIfEmulated(precision.value());
        return run;
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

    /** The preset with the options given; the seed, threads and precision are always the options'. */
    private TrainingConfig.Builder overrides(TrainingConfig.Builder preset) {
        PrecisionOption.warnIfEmulated(precision.value());
        TrainingConfig.Builder config = preset.seed(seed).threads(threads).precision(precision.value());
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
        Optional.ofNullable(classBalance).ifPresent(config::classBalance);
        Optional.ofNullable(prediction).map(TrainCommand::trainedPrediction).ifPresent(config::prediction);
        Optional.ofNullable(gradientClip).ifPresent(config::gradientClipNorm);
        return config;
    }

    private static Prediction trainedPrediction(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "eps" -> Prediction.EPS;
            case "v" -> Prediction.V;
            default -> throw new IllegalArgumentException("--prediction must be eps or v, got '" + name + "'");
        };
    }

    private static boolean cosineSchedule(String name) {
        return switch (name) {
            case "cosine" -> true;
            case "constant" -> false;
            default -> throw new IllegalArgumentException("unknown --lr-schedule '" + name + "'; use cosine or constant");
        };
    }
}
