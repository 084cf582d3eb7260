package org.diffusion4j.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.datasets.ImageFolderDataset;
import org.diffusion4j.datasets.ImageFolderLoader;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.runs.DataSpec;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.training.ClassifierTrainingConfig;
import org.diffusion4j.training.ClassifierTrainingListener;
import org.diffusion4j.training.DatasetTrainingData;
import org.diffusion4j.training.EpochSummary;
import org.diffusion4j.training.FolderTrainingData;
import org.diffusion4j.training.Trainer;
import org.diffusion4j.training.TrainingBatch;
import org.diffusion4j.training.TrainingConfig;
import org.diffusion4j.training.TrainingData;
import org.diffusion4j.training.TrainingGraph;
import org.diffusion4j.training.TrainingListener;
import org.diffusion4j.training.VitTrainingData;

/**
 * One session of a {@link TrainingRun}: settles the model, the hyper-parameters and the data (from the builder for a new
 * run, from the run folder for a resumed one), writes the run's JSON files, trains, and draws the grids.
 */
final class RunTraining {

    private final TrainingRun.Builder settings;
    private final RunFolder run;

    RunTraining(TrainingRun.Builder settings) {
        this.settings = settings;
        this.run = new RunFolder(settings.folder);
    }

    /** The model, its recipe and the data it trains on. */
    private record Plan(ModelSpec spec, TrainingConfig config, TrainingData train, TrainingData validation, DataSpec data) {
    }

    TrainingRun.TrainingResult train() {
        long started = System.nanoTime();
        boolean resuming = settings.resume && run.hasCheckpoint();
        if (settings.resume && !resuming) {
            throw new IllegalArgumentException("nothing to resume: " + run.checkpointFile() + " does not exist; drop --resume to start");
        }
        if (!settings.resume && run.hasCheckpoint()) {
            throw new IllegalArgumentException(settings.folder + " already holds a run; add --resume to continue it or choose another --run");
        }
        Plan plan = resuming ? resumedPlan() : freshPlan();
        boolean curveWanted = wantsQualityCurve(plan, resuming);
        if (curveWanted && plan.data().readsFolder()) {
            // Trained before --minutes sizes the run, so that its minute counts against the budget.
            trainFolderClassifierIfMissing(plan);
        }
        if (!resuming && settings.minutes != null) {
            plan = withinMinutes(plan, curveWanted, (System.nanoTime() - started) / 1e9);
        }
        if (!resuming) {
            run.writeJson(run.modelSpecFile(), plan.spec());
            run.writeJson(run.trainingConfigFile(), plan.config());
            run.writeJson(run.dataSpecFile(), plan.data());
        }
        if (settings.replication != null) {
            settings.messages.accept("each step is split between " + settings.replication);
        }
        List<TrainingListener> listeners = new ArrayList<>(settings.listeners);
        Optional<QualityCurve> curve = curveWanted ? Optional.of(qualityCurve(plan, resuming)) : Optional.empty();
        curve.ifPresent(listeners::add);
        List<EpochSummary> history;
        NetworkConfig network = plan.spec().network();
        try (QualityCurve closed = curve.orElse(null);
             TrainingGraph graph = settings.replication != null
                ? TrainingGraph.replicated(network, plan.spec().noiseSchedule(), plan.config(), settings.replication)
                : new TrainingGraph(network, plan.spec().noiseSchedule(), plan.config().objective(), plan.config().threads(),
                        plan.config().precision())) {
            history = new Trainer(run, plan.spec(), plan.config(), listeners, settings.tensorBoard, settings.switchedOff)
                    .train(graph, plan.train(), plan.validation(), resuming, settings.stopAfterStep);
        }
        List<Path> grids = new ArrayList<>();
        long totalSteps = (long) (plan.train().size() / plan.config().batchSize()) * plan.config().epochs();
        boolean finished = settings.stopAfterStep < 0 || settings.stopAfterStep >= totalSteps;
        if (settings.sampleGrids && finished) {
            OpenOptions open = OpenOptions.builder().threads(plan.config().threads()).precision(plan.config().precision()).build();
            for (SamplerSpec sampler : TrainingRun.gridSamplers(plan.spec().schedule())) {
                Path file = TrainingRun.writeGrid(run, sampler, plan.config().seed(), open);
                settings.messages.accept("wrote " + file);
                grids.add(file);
            }
        }
        return new TrainingRun.TrainingResult(settings.folder, history, grids);
    }

    /** Whether this run scores a quality curve: a folder run by default, any run that asks (resumed runs keep theirs). */
    private boolean wantsQualityCurve(Plan plan, boolean resuming) {
        if (settings.replication != null) {
            return false;
        }
        if (settings.qualityEvery != null) {
            return settings.qualityEvery > 0 && hasCurveClassifier(plan);
        }
        boolean folder = plan.data().readsFolder();
        if (folder && !resuming && plan.validation().size() < QualityCurve.MIN_REFERENCE_IMAGES) {
            settings.messages.accept("note: no quality curve by default: the folder holds out " + plan.validation().size() + " images, too few "
                    + "to compare samples with (" + QualityCurve.MIN_REFERENCE_IMAGES + " or more; --quality-every N asks for it anyway)");
            return false;
        }
        return folder && (!resuming || java.nio.file.Files.exists(run.root().resolve(QualityCurve.FILE)));
    }

    /** An MNIST run scores with the MNIST LeNet-5 only where `classifier train` put it; it goes without, saying so. */
    private boolean hasCurveClassifier(Plan plan) {
        if (plan.data().readsFolder() || curveReference(plan).classifier().exists()) {
            return true;
        }
        settings.messages.accept("note: no quality curve: it needs the LeNet-5 of 'diffusion4j classifier train' in "
                + curveReference(plan).classifier().root());
        return false;
    }

    private EvaluationReference curveReference(Plan plan) {
        if (plan.data().readsFolder()) {
            ImageFolderLoader loader = settings.folderLoader != null ? settings.folderLoader : ImageFolderLoader.withUserCache(line -> { });
            return EvaluationReference.folder(plan.data().folder(), plan.config().seed(), loader, settings.qualityClassifier);
        }
        TrainingSet.Idx mnist = settings.data instanceof TrainingSet.Idx idx ? idx : TrainingSet.idx(DatasetKind.named(plan.data().dataset()), null);
        return EvaluationReference.idx(mnist.files(), mnist.kind(), settings.qualityClassifier, plan.config().seed());
    }

    /** A folder's LeNet-5 for the curve, trained on the run's split when missing (a minute for a few thousand images). */
    private void trainFolderClassifierIfMissing(Plan plan) {
        EvaluationReference reference = curveReference(plan);
        if (reference.classifier().exists()) {
            return;
        }
        settings.messages.accept("the quality curve scores samples with the folder's LeNet-5, which is trained first");
        ImageFolderLoader loader = settings.folderLoader != null ? settings.folderLoader : ImageFolderLoader.withUserCache(line -> { });
        ImageFolderDataset images = RunImages.loadAsTrained(plan.data().folder(), loader, "restore the sub-folders");
        Classifiers.trainLeNet(new TrainingSet.Folder(images, plan.data().folder()), plan.config().seed(), reference.classifier().root(),
                ClassifierTrainingConfig.builder().epochs(Classifiers.FOLDER_EPOCHS).batchSize(Classifiers.FOLDER_BATCH_SIZE)
                        .threads(plan.config().threads()).build(), ClassifierTrainingListener.SILENT, settings.messages);
    }

    /** The run's quality curve, its classifier in place. */
    private QualityCurve qualityCurve(Plan plan, boolean resuming) {
        if (resuming && run.hasCheckpoint()) {
            QualityCurve.resumeAt(run, Long.parseLong(ParameterFile.read(run.checkpointFile()).metadata().getOrDefault("step", "0")));
        }
        EvaluationReference reference = curveReference(plan);
        return new QualityCurve(run, plan.spec(), reference, reference.classifier(),
                new QualityCurve.Settings(curveEvery(plan.config().epochs()), settings.qualitySamples, plan.config().seed(),
                        plan.config().threads(), settings.tensorBoard.enabled()), settings.messages);
    }

    private int curveEvery(int epochs) {
        return settings.qualityEvery != null ? settings.qualityEvery : QualityCurve.defaultEvery(epochs);
    }

    /** Steps the timing probe takes before it starts the clock (the first runs of a graph are slower) and while it runs. */
    static final int PROBE_WARM_STEPS = 3;
    static final int PROBE_STEPS = 10;

    /**
     * The run fitted to {@code --minutes}: a few steps of the real graph on real batches are timed (their weights are thrown
     * away), and the epochs that fit the budget are fixed in the plan and so in training.json, which keeps the run
     * reproducible from its folder. The budget is wall time from the start of {@link #train}: the set-up so far (a folder
     * classifier trained for the curve, the probe) is taken off, the quality curve's points are estimated from the probed
     * step (a training step costs about three forward passes of its batch; a point generates its samples with DDIM-20,
     * twice over when guided), and 5% is kept back for validation, checkpoints and the final grids.
     */
    private Plan withinMinutes(Plan plan, boolean curve, double setUpSeconds) {
        long probeStarted = System.nanoTime();
        double seconds = secondsPerStep(plan);
        double spent = setUpSeconds + (System.nanoTime() - probeStarted) / 1e9;
        double budget = settings.minutes * 60 * 0.95 - spent;
        int stepsPerEpoch = Math.max(1, plan.train().size() / plan.config().batchSize());
        int passes = plan.spec().network().conditional() ? 2 : 1;
        double pointSeconds = curve ? (double) settings.qualitySamples * QualityCurve.SAMPLER_STEPS * passes * seconds
                / (3.0 * plan.config().batchSize()) : 0;
        int epochs = Math.max(1, (int) Math.floor(budget / seconds / stepsPerEpoch));
        while (epochs > 1 && epochs * stepsPerEpoch * seconds + points(epochs, curve) * pointSeconds > budget) {
            epochs--;
        }
        settings.messages.accept(String.format(java.util.Locale.ROOT, "--minutes %s: a step took %.3f s in a %d-step probe%s; after %.0f s "
                        + "of set-up, %d epochs (%d steps)%s fit 95%% of the budget (the rest for validation, checkpoints and grids); "
                        + "fixed in training.json", settings.minutes, seconds, PROBE_STEPS,
                curve ? String.format(java.util.Locale.ROOT, " and a quality point should take about %.0f s", pointSeconds) : "", spent,
                epochs, (long) epochs * stepsPerEpoch,
                curve ? String.format(java.util.Locale.ROOT, " with %d quality points", points(epochs, curve)) : ""));
        return new Plan(plan.spec(), plan.config().withEpochs(epochs), plan.train(), plan.validation(), plan.data());
    }

    private int points(int epochs, boolean curve) {
        return curve ? epochs / curveEvery(epochs) : 0;
    }

    private double secondsPerStep(Plan plan) {
        TrainingConfig config = plan.config();
        int batchSize = config.batchSize();
        TrainingData data = plan.train();
        float[] images = new float[batchSize * data.height() * data.width() * data.channels()];
        int[] labels = plan.spec().network().conditional() ? new int[batchSize] : null;
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        data.copyImages(order, 0, batchSize, images);
        if (labels != null) {
            data.copyLabels(order, 0, batchSize, labels);
        }
        NetworkConfig network = plan.spec().network();
        try (TrainingGraph graph = new TrainingGraph(network, plan.spec().noiseSchedule(), config.objective(), config.threads(),
                config.precision())) {
            graph.initialize(config.seed(), config.initialization());
            long started = 0;
            for (int step = 0; step < PROBE_WARM_STEPS + PROBE_STEPS; step++) {
                if (step == PROBE_WARM_STEPS) {
                    started = System.nanoTime();
                }
                graph.step(new TrainingBatch(images, labels, batchSize, config.seed(), step), config.learningRate(), config.emaDecay());
            }
            return (System.nanoTime() - started) / 1e9 / PROBE_STEPS;
        }
    }

    private Plan freshPlan() {
        TrainingSet data = settings.data != null ? settings.data : TrainingSet.mnist();
        if (settings.labelDropout != null && !settings.conditional) {
            throw new IllegalArgumentException("--label-dropout only applies to conditional models; add --conditional");
        }
        TrainingRun.DataShape shape = shape(data);
        NetworkConfig network = settings.network != null ? settings.network.apply(shape) : TrainingRun.defaultNetwork(shape);
        network = network.withInChannels(shape.channels());
        String schedule = settings.schedule != null ? settings.schedule : network.architecture().equals("vit") ? "geometric" : "cosine";
        Preset preset = settings.preset != null ? settings.preset : Preset.defaultFor(network.architecture());
        // A folder is not MNIST: unless a preset is named, its recipe comes from its size (FolderRecipe says how, and why).
        TrainingSet.Folder recipeFolder = data instanceof TrainingSet.Folder folder && settings.preset == null
                && network.architecture().equals("unet") ? folder : null;
        int folderImages = recipeFolder != null ? trainingImages(recipeFolder) : 0;
        TrainingConfig.Builder recipe = recipeFolder != null
                ? FolderRecipe.forFolder(folderImages, recipeFolder.images().imageSize()) : preset.training().toBuilder();
        TrainingConfig config = settings.configure.apply(recipe).build();
        if (recipeFolder != null) {
            settings.messages.accept(FolderRecipe.describe(config, folderImages,
                    Math.max(1, folderImages / Math.min(config.batchSize(), folderImages))));
        }
        if (settings.conditional) {
            config = config.withLabelDropout(settings.labelDropout != null ? settings.labelDropout : TrainingRun.DEFAULT_LABEL_DROPOUT);
        }
        // model.json says what the output means, for sampling; training.json says what the training fits.
        return withData(new ModelSpec(network, schedule, config.prediction()), config, data, preset.trainingImages());
    }

    private Plan resumedPlan() {
        ModelSpec spec = run.modelSpec();
        TrainingConfig config = run.readJson(run.trainingConfigFile(), TrainingConfig.class);
        if (spec.prediction() != config.prediction() || spec.sampling() != null) {
            // A distilled student predicts v but carries its teacher's training.json (noise): distillation trains it, not this.
            throw new IllegalArgumentException(settings.folder + "'s network predicts " + spec.prediction() + " and its training.json fits "
                    + config.prediction() + ": it was made by distillation; sample it, distil it again, or train a new run");
        }
        if (settings.epochs != null) {
            config = config.withEpochs(settings.epochs);
        }
        if (settings.precision != null) {
            config = config.withPrecision(settings.precision);
        }
        DataSpec saved = run.dataSpec().orElse(null);
        return withData(spec, config, resumedData(saved), 0);
    }

    /** A resumed run trains on the images it started with; runs saved before data.json existed trained on MNIST. */
    private TrainingSet resumedData(DataSpec saved) {
        if (saved != null && saved.readsFolder()) {
            if (settings.data instanceof TrainingSet.Idx) {
                throw new IllegalArgumentException("this run trains on the images in " + saved.folder().path()
                        + "; drop the data set to resume it, or start a new run with another --run");
            }
            ImageFolderLoader loader = settings.folderLoader != null ? settings.folderLoader : ImageFolderLoader.withUserCache(settings.messages);
            ImageFolderDataset images = RunImages.loadAsTrained(saved.folder(), loader, "restore the sub-folders or start a new run with another --run");
            return new TrainingSet.Folder(images, saved.folder());
        }
        if (settings.data instanceof TrainingSet.Folder) {
            throw new IllegalArgumentException("this run trains on " + (saved == null ? "mnist" : saved.dataset())
                    + "; drop --images to resume it, or start a new run with another --run");
        }
        DatasetKind kind = saved == null ? DatasetKind.MNIST : DatasetKind.named(saved.dataset());
        TrainingSet.Idx given = settings.data instanceof TrainingSet.Idx idx ? idx : null;
        if (given != null && given.limit() != null && saved != null && given.limit() != saved.imageLimit()) {
            throw new IllegalArgumentException("this run trains on " + (saved.imageLimit() == 0 ? "all" : "the first " + saved.imageLimit())
                    + " training images; drop --limit " + given.limit() + " to resume it, or start a new run with another --run");
        }
        TrainingSet.Idx located = given != null && given.kind() == kind ? given : TrainingSet.idx(kind, null);
        return located.limitedTo(saved == null ? 0 : saved.imageLimit());
    }

    private TrainingRun.DataShape shape(TrainingSet data) {
        if (data instanceof TrainingSet.Folder folder) {
            ImageFolderDataset images = folder.images();
            return new TrainingRun.DataShape(images.imageSize(), images.channels(), settings.conditional ? images.classNames().size() : 0,
                    true);
        }
        TrainingSet.Idx idx = (TrainingSet.Idx) data;
        return new TrainingRun.DataShape(idx.pad32() ? 32 : DatasetKind.SIDE, 1, settings.conditional ? DatasetKind.CLASSES : 0, false);
    }

    /** The training and validation images, in the network's units; {@code presetImages}: the MNIST images a preset reads. */
    private Plan withData(ModelSpec spec, TrainingConfig config, TrainingSet data, int presetImages) {
        TrainingData train;
        TrainingData validation;
        DataSpec dataSpec;
        if (data instanceof TrainingSet.Folder folder) {
            requireFits(spec.network(), folder.images());
            ImageFolderDataset.Split split = folder.images().split(config.seed());
            if (config.batchSize() > split.train().size()) {
                settings.messages.accept("note: batch " + config.batchSize() + " is more than the folder's " + split.train().size()
                        + " training images; training with batches of " + split.train().size());
                config = config.toBuilder().batchSize(split.train().size()).build();
            }
            train = folder.spec().randomFlip() ? FolderTrainingData.randomlyFlipped(split.train(), config.seed())
                    : FolderTrainingData.plain(split.train());
            validation = FolderTrainingData.plain(split.validation());
            dataSpec = DataSpec.of(folder.spec());
        } else {
            TrainingSet.Idx idx = (TrainingSet.Idx) data;
            MnistDataset all = MnistDataset.load(idx.files(), Split.TRAIN);
            if (spec.network().imageSize() == 32) {
                all = all.paddedTo32();
            }
            int maxImages = idx.limit() != null ? idx.limit() : presetImages;
            if (maxImages > 0 && maxImages < all.size()) {
                all = all.subset(maxImages);
            }
            TrainValidationSplit split = all.split(config.seed());
            train = new DatasetTrainingData(split.train());
            validation = new DatasetTrainingData(split.validation());
            dataSpec = new DataSpec(idx.kind().id(), maxImages);
        }
        // A network may train in other pixel units, and document 004's ViT noises each image many times a step.
        return new Plan(spec, config, VitTrainingData.forTraining(spec.network(), train),
                VitTrainingData.forValidation(spec.network(), validation), dataSpec);
    }

    /** A folder's images less the tenth a run holds out, as {@link ImageFolderDataset#split(long)} counts them. */
    private static int trainingImages(TrainingSet.Folder folder) {
        int size = folder.images().size();
        return size - (int) Math.round(MnistDataset.DEFAULT_VALIDATION_FRACTION * size);
    }

    /** The images must be what the network takes; a run's model.json and data.json edited apart would not be. */
    private static void requireFits(NetworkConfig network, ImageFolderDataset images) {
        if (network.imageSize() != images.imageSize() || network.inChannels() != images.channels()) {
            throw new IllegalArgumentException("the network takes " + network.imageSize() + "x" + network.imageSize() + "x"
                    + network.inChannels() + " images but the folder gives " + images.imageSize() + "x" + images.imageSize() + "x"
                    + images.channels() + "; start a new run with another --run");
        }
    }
}
