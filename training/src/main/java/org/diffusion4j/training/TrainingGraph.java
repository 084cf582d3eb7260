package org.diffusion4j.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.ConvolutionRoute;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.graph.Sessions;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.networks.DenoisingNetwork;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.training.distributed.ReplicaPlacement;
import org.diffusion4j.training.distributed.Replication;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The whole training step as one graph: forward noising (q_sample) with noise and timesteps drawn by
 * stateless random ops from a fed seed, the network (U-Net, ViT or DiT), the epsilon-prediction loss, gradients, Adam and the
 * EMA update. Feeding the seed makes a step a pure function of (weights, batch, seed), which is what lets
 * a resumed run repeat an uninterrupted one.
 */
public final class TrainingGraph implements AutoCloseable {

    private static final String EMA_PREFIX = org.diffusion4j.models.runs.RunFolder.EMA_PREFIX;

    /** Name of the no-op that runs one whole step: what a profiler or FLOP counter follows back from. */
    public static final String STEP_OP_NAME = "train_step";

    private final Graph graph;
    private final Session session;
    private final ParameterStore params;
    private final List<String> modelNames = new ArrayList<>();
    private final Placeholder<TFloat32> images;
    private final Placeholder<TInt64> noiseSeed;
    private final Placeholder<TInt64> timeSeed;
    private final Placeholder<TInt32> labels;
    private final Placeholder<TInt64> labelSeed;
    private final int nullLabel;
    private final Placeholder<TFloat32> emaDecay;
    private final AdamOptimizer optimizer;
    private final Operand<TFloat32> loss;
    private final Op trainStep;
    /** Where the replicas of a step run, or null for one process on its default device. */
    private final Replication replication;
    /** Whether a replicated run has failed, so that closing may wait on a task that is gone. */
    private boolean replicationFailed;
    /**
     * The first run of a step and of an evaluation also partitions the graph and registers the parts with every task
     * (12 s for the tests' tiny U-Net on a loaded 2-core machine): it gets this many times the run timeout.
     */
    private static final int FIRST_RUN_SLACK = 5;
    private boolean stepRan;
    private boolean evaluationRan;
    private final int height;
    private final int width;
    private final int channels;

    /** An unconditional float32 graph whose every image's loss counts alike. */
    public TrainingGraph(NetworkConfig modelConfig, NoiseSchedule schedule, LossType lossType, int threads) {
        this(modelConfig, schedule, TrainingObjective.of(lossType), threads, Precision.FP32);
    }

    /** precision: how the session computes; the variables, Adam and EMA stay float32 either way. */
    public TrainingGraph(NetworkConfig modelConfig, NoiseSchedule schedule, TrainingObjective objective, int threads,
                         Precision precision) {
        this(modelConfig, schedule, objective, threads, precision, -1, null);
    }

    /**
     * The same step split between replicas, each on its device (of this machine, or a task of a cluster), with the
     * gradients averaged and Adam and the EMA applied once on the parameter device: the weights after a step equal
     * one process's on the same batch and seed, up to float rounding. Every batch needs at least one image per replica.
     */
    public static TrainingGraph replicated(NetworkConfig modelConfig, NoiseSchedule schedule, TrainingConfig config,
                                           Replication replication) {
        if (config.batchSize() < replication.replicas()) {
            throw new IllegalArgumentException("a batch of " + config.batchSize() + " images cannot be split between "
                    + replication.replicas() + " replicas; use --batch-size " + replication.replicas() + " or more");
        }
        return new TrainingGraph(modelConfig, schedule, config.objective(), config.threads(), config.precision(), -1, replication);
    }

    /**
     * A graph whose image batch has a fixed size, so that every op's shape is static: what counting FLOPs from
     * the graph needs when a network folds another dimension into the batch (the DiT's tokens). Not for training.
     */
    public static TrainingGraph withFixedBatch(NetworkConfig modelConfig, NoiseSchedule schedule, int batchSize) {
        return new TrainingGraph(modelConfig, schedule, TrainingObjective.of(LossType.MSE), 1, Precision.FP32, batchSize, null);
    }

    /** batchSize: the images placeholder's batch dimension, -1 for any; replication: null for one device. */
    private TrainingGraph(NetworkConfig modelConfig, NoiseSchedule schedule, TrainingObjective objective, int threads,
                          Precision precision, long batchSize, Replication replication) {
        if (schedule.timesteps() != modelConfig.timesteps()) {
            throw new IllegalArgumentException("the schedule has " + schedule.timesteps() + " steps but the model embeds "
                    + modelConfig.timesteps() + "; use the same number of timesteps for both");
        }
        precision.trainingProblem().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        this.replication = replication;
        Graph built = new Graph();
        Ops tf = Ops.create(built);
        ParameterStore builtParams = new ParameterStore(tf, ConvolutionRoute.configured(precision));
        this.height = modelConfig.imageSize();
        this.width = modelConfig.imageSize();
        this.channels = modelConfig.inChannels();
        DenoisingNetwork network = modelConfig.build(builtParams);
        for (ParameterStore.Entry e : builtParams.trainable()) {
            modelNames.add(e.name());
        }

        Placeholder<TFloat32> imagesIn = tf.withName("images").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(batchSize, height, width, channels)));
        Placeholder<TInt64> noiseSeedIn = tf.withName("noise_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        Placeholder<TInt64> timeSeedIn = tf.withName("time_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        Placeholder<TFloat32> emaDecayIn = tf.withName("ema_decay").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        this.nullLabel = modelConfig.classes();
        Placeholder<TInt32> labelsIn = null;
        Placeholder<TInt64> labelSeedIn = null;
        if (modelConfig.conditional()) {
            labelsIn = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(batchSize)));
            labelSeedIn = tf.withName("label_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        }
        LossBuilder losses = new LossBuilder(network, schedule, objective, new Seeds(noiseSeedIn, timeSeedIn, labelsIn, labelSeedIn));
        Operand<TInt32> imageShape = tf.shape(imagesIn);

        // Gradients over the model variables only: the optimizer slots and EMA copies are not trained.
        ReplicaPlacement placement = replication == null ? null : new ReplicaPlacement(built, replication);
        Minimisation minimisation = placement == null
                ? wholeBatch(built, builtParams, losses.of(tf, imagesIn, imageShape, null, "loss"), objective.gradientClipNorm())
                : replicated(tf, built, builtParams, losses, new FedBatch(imagesIn, imageShape), placement,
                        replication.replicas());
        this.optimizer = minimisation.adam();
        Operand<TFloat32> lossOut = minimisation.loss();
        Op step = movingAverageStep(tf, builtParams, minimisation.adam(), emaDecayIn);
        if (placement == null) {
            this.graph = built;
            this.params = builtParams;
            this.images = imagesIn;
            this.noiseSeed = noiseSeedIn;
            this.timeSeed = timeSeedIn;
            this.labels = labelsIn;
            this.labelSeed = labelSeedIn;
            this.emaDecay = emaDecayIn;
            this.loss = lossOut;
            this.trainStep = step;
            this.session = Sessions.create(graph, threads, precision);
            return;
        }
        // The session runs the placed copy; every handle is the op of the same name there.
        this.graph = placement.placedCopy();
        this.params = builtParams.copiedInto(graph);
        this.images = placeholderIn(graph, imagesIn);
        this.noiseSeed = placeholderIn(graph, noiseSeedIn);
        this.timeSeed = placeholderIn(graph, timeSeedIn);
        this.labels = placeholderIn(graph, labelsIn);
        this.labelSeed = placeholderIn(graph, labelSeedIn);
        this.emaDecay = placeholderIn(graph, emaDecayIn);
        this.loss = ReplicaPlacement.find(graph, lossOut);
        this.trainStep = new NoOp(graph.operationOrThrow(step.op().name()));
        built.close();
        this.session = replication.open(graph, Sessions.config(threads, precision));
    }

    /** The fed image batch and its shape (which sizes every replica's draws). */
    private record FedBatch(Placeholder<TFloat32> images, Operand<TInt32> shape) {
    }

    /** The loss a step reports and the optimizer that minimises it. */
    private record Minimisation(Operand<TFloat32> loss, AdamOptimizer adam) {
    }

    private static Minimisation wholeBatch(Graph graph, ParameterStore params, Losses whole, double clipNorm) {
        return new Minimisation(whole.loss(), new AdamOptimizer(graph, params, whole.minimised(), clipNorm));
    }

    /**
     * In-graph replication: replica i takes rows [i B / R, (i + 1) B / R) of the batch, draws the whole batch's noise,
     * timesteps and label dropout from the fed seeds and keeps its rows (so the draws are one process's, and only seeds
     * travel), and differentiates its mean loss. Weighting each replica's gradient by its share of the batch makes the
     * average the whole batch's gradient, so Adam and the EMA update as in one process.
     */
    private static Minimisation replicated(Ops tf, Graph graph, ParameterStore params, LossBuilder losses, FedBatch fed,
                                           ReplicaPlacement placement, int replicas) {
        Placeholder<TFloat32> images = fed.images();
        Operand<TInt32> imageShape = fed.shape();
        Operand<TInt32> batch = tf.gather(imageShape, tf.constant(0), tf.constant(0));
        Operand<TFloat32> batchFloat = tf.dtypes.cast(batch, TFloat32.class);
        List<Operand<TFloat32>> weightedLosses = new ArrayList<>();
        List<List<Operand<TFloat32>>> weightedGradients = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            // The replica's rows are cut where the batch is fed, so only they travel to its device.
            Rows rows = Rows.of(tf, batch, i, replicas);
            Operand<TFloat32> rowImages = rows.of(tf, images, 4);
            Operand<TFloat32> weight = tf.math.div(tf.dtypes.cast(rows.count(), TFloat32.class), batchFloat);
            placement.beginReplica();
            Losses part = losses.of(tf, rowImages, imageShape, rows, null);
            List<Operand<TFloat32>> gradients = AdamOptimizer.gradients(graph, params, part.minimised(), "replica_" + i);
            placement.endReplica(i);
            weightedLosses.add(tf.math.mul(weight, part.loss()));
            List<Operand<TFloat32>> weighted = new ArrayList<>();
            for (Operand<TFloat32> g : gradients) {
                weighted.add(tf.math.mul(weight, g));
            }
            weightedGradients.add(weighted);
        }
        List<Operand<TFloat32>> averaged = new ArrayList<>();
        for (int v = 0; v < weightedGradients.get(0).size(); v++) {
            List<Operand<TFloat32>> terms = new ArrayList<>();
            for (List<Operand<TFloat32>> replica : weightedGradients) {
                terms.add(replica.get(v));
            }
            averaged.add(tf.math.addN(terms));
        }
        return new Minimisation(tf.withName("loss").math.addN(weightedLosses), new AdamOptimizer(params, averaged, losses.objective.gradientClipNorm()));
    }

    /** The step op: Adam's updates, then every EMA copy moved towards its updated weights. */
    static Op movingAverageStep(Ops tf, ParameterStore params, AdamOptimizer adam, Placeholder<TFloat32> decay) {
        List<ParameterStore.Entry> trainable = params.trainable();
        List<Variable<TFloat32>> emaVariables = new ArrayList<>();
        for (ParameterStore.Entry e : trainable) {
            emaVariables.add(params.createState(EMA_PREFIX + e.name(), e.shape()));
        }
        Ops afterAdam = tf.withControlDependencies(adam.updates());
        Operand<TFloat32> oneMinusDecay = afterAdam.math.sub(afterAdam.constant(1f), decay);
        List<Op> emaUpdates = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            Variable<TFloat32> ema = emaVariables.get(i);
            Operand<TFloat32> weights = afterAdam.identity(trainable.get(i).variable());
            emaUpdates.add(afterAdam.assignSub(ema, afterAdam.math.mul(oneMinusDecay, afterAdam.math.sub(ema, weights))));
        }
        return tf.withControlDependencies(emaUpdates).withName(STEP_OP_NAME).noOp();
    }

    private static <T extends org.tensorflow.types.family.TType> Placeholder<T> placeholderIn(Graph copy, Placeholder<T> placeholder) {
        return placeholder == null ? null : new Placeholder<>(copy.operationOrThrow(placeholder.op().name()));
    }

    /** What a step's random draws come from: fed seeds, and for a conditional model the labels some of which are dropped. */
    private record Seeds(Placeholder<TInt64> noise, Placeholder<TInt64> time, Placeholder<TInt32> labels, Placeholder<TInt64> label) {
    }

    /** A loss and what the optimizer minimises, which differs from it under Min-SNR weighting. */
    private record Losses(Operand<TFloat32> loss, Operand<TFloat32> minimised) {
    }

    /**
     * Rows [start, start + count) of a batch: replica i of R takes rows [i B / R, (i + 1) B / R), so the shares differ
     * by one image at most and cover the batch whatever its size.
     */
    private record Rows(Operand<TInt32> start, Operand<TInt32> count) {

        static Rows of(Ops tf, Operand<TInt32> batch, int replica, int replicas) {
            Operand<TInt32> start = tf.math.floorDiv(tf.math.mul(batch, tf.constant(replica)), tf.constant(replicas));
            Operand<TInt32> end = tf.math.floorDiv(tf.math.mul(batch, tf.constant(replica + 1)), tf.constant(replicas));
            return new Rows(start, tf.math.sub(end, start));
        }

        /** These rows of x, whose rank is given. */
        <T extends org.tensorflow.types.family.TType> Operand<T> of(Ops tf, Operand<T> x, int rank) {
            int[] zeros = new int[rank - 1];
            int[] all = new int[rank - 1];
            java.util.Arrays.fill(all, -1);
            Operand<TInt32> begin = tf.concat(List.of(tf.reshape(start, tf.constant(new int[] {1})), tf.constant(zeros)), tf.constant(0));
            Operand<TInt32> size = tf.concat(List.of(tf.reshape(count, tf.constant(new int[] {1})), tf.constant(all)), tf.constant(0));
            return tf.slice(x, begin, size);
        }
    }

    /** Builds the noising, the network and the loss for a batch, or for some rows of it (one replica's). */
    private final class LossBuilder {
        private final DenoisingNetwork network;
        private final TrainingObjective objective;
        private final Seeds seeds;
        private final int timesteps;
        private final float[] signalRates;
        private final float[] noiseRates;

        LossBuilder(DenoisingNetwork network, NoiseSchedule schedule, TrainingObjective objective, Seeds seeds) {
            this.network = network;
            this.objective = objective;
            this.seeds = seeds;
            this.timesteps = schedule.timesteps();
            this.signalRates = new float[timesteps];
            this.noiseRates = new float[timesteps];
            for (int t = 0; t < timesteps; t++) {
                signalRates[t] = (float) schedule.signalRate(t);
                noiseRates[t] = (float) schedule.noiseRate(t);
            }
        }

        /**
         * images: the whole batch, or only {@code rows} of it; imageShape: the whole batch's shape, which sizes the
         * draws; rows: null for the whole batch; lossName: the loss op's name, or null.
         */
        Losses of(Ops tf, Operand<TFloat32> images, Operand<TInt32> imageShape, Rows rows, String lossName) {
            // q_sample: x_t = signalRate(t) * x0 + noiseRate(t) * noise, with t uniform in 0..T-1.
            Operand<TInt32> batchShape = tf.slice(imageShape, tf.constant(new int[] {0}), tf.constant(new int[] {1}));
            Operand<TInt32> timesteps = tf.random.statelessRandomUniformInt(batchShape, seeds.time(), tf.constant(0),
                    tf.constant(this.timesteps));
            Operand<TFloat32> noises = tf.random.statelessRandomNormal(imageShape, seeds.noise());
            Operand<TInt32> shownLabels = seeds.labels() == null ? null
                    : LabelDropout.apply(tf, seeds.labels(), seeds.label(), objective.labelDropout(), nullLabel);
            if (rows != null) {
                timesteps = rows.of(tf, timesteps, 1);
                noises = rows.of(tf, noises, 4);
                shownLabels = shownLabels == null ? null : rows.of(tf, shownLabels, 1);
            }
            Operand<TInt32> perImage = tf.constant(new int[] {-1, 1, 1, 1});
            Operand<TFloat32> signal = tf.reshape(tf.gather(tf.constant(signalRates), timesteps, tf.constant(0)), perImage);
            Operand<TFloat32> noise = tf.reshape(tf.gather(tf.constant(noiseRates), timesteps, tf.constant(0)), perImage);
            Operand<TFloat32> noisyImages = tf.math.add(tf.math.mul(signal, images), tf.math.mul(noise, noises));
            // Issue 27: the network says where its error is taken (by default its output against the noise, pixel by
            // pixel; document 004's ViT compares every patch copy before averaging the overlaps).
            // v = alpha eps - sigma x0: the target of a network that predicts v (its error in noise terms is alpha times its own).
            Operand<TFloat32> target = objective.target() == Prediction.V
                    ? tf.math.sub(tf.math.mul(signal, noises), tf.math.mul(noise, images)) : noises;
            Operand<TFloat32> error = network.trainingError(tf, noisyImages, timesteps, shownLabels, target);
            Operand<TFloat32> perPixel = objective.loss() == LossType.L1 ? tf.math.abs(error) : tf.math.square(error);
            Ops named = lossName == null ? tf : tf.withName(lossName);
            Operand<TFloat32> loss = named.math.mean(perPixel, tf.constant(new int[] {0, 1, 2, 3}));
            Operand<TFloat32> minimised = loss;
            if (objective.minSnrGamma() > 0) {
                float[] weights = minSnrWeights(signalRates, noiseRates, objective.minSnrGamma(), objective.target());
                Operand<TFloat32> perImageWeights = tf.reshape(tf.gather(tf.constant(weights), timesteps, tf.constant(0)), perImage);
                minimised = tf.math.mean(tf.math.mul(perImageWeights, perPixel), tf.constant(new int[] {0, 1, 2, 3}));
            }
            return new Losses(loss, minimised);
        }
    }

    /**
     * min(SNR, gamma) / SNR for each timestep of a noise-predicting network, SNR being (signal rate / noise rate)^2; for a
     * v-predicting one min(SNR, gamma) / (SNR + 1), the same weight in clean-image terms (Hang et al., 2023).
     */
    static float[] minSnrWeights(float[] signalRates, float[] noiseRates, double gamma, Prediction target) {
        float[] weights = new float[signalRates.length];
        for (int t = 0; t < weights.length; t++) {
            double snr = Math.pow(signalRates[t] / (double) noiseRates[t], 2);
            weights[t] = (float) (Math.min(snr, gamma) / (target == Prediction.V ? snr + 1 : snr));
        }
        return weights;
    }

    /** Fresh weights from the seed; the EMA starts at the same weights and the Adam moments at zero. */
    public void initialize(long seed, Initialization scheme) {
        Map<String, ParameterValue> values = params.initialValues(seed, scheme);
        for (String name : modelNames) {
            values.put(EMA_PREFIX + name, values.get(name).copy());
        }
        translated(() -> {
            params.load(session, values, false);
            return null;
        });
    }

    /** Everything a checkpoint must hold: weights, EMA weights and Adam moments. */
    public Map<String, ParameterValue> state() {
        return translated(() -> params.read(session, null));
    }

    public void restore(Map<String, ParameterValue> state) {
        translated(() -> {
            params.load(session, state, false);
            return null;
        });
    }

    /** Whether steps need the images' labels. */
    public boolean conditional() {
        return labels != null;
    }

    /** One optimisation step: Adam at learningRate, then the weights' moving average with decay; returns the loss before it. */
    public float step(TrainingBatch batch, double learningRate, double decay) {
        return step(batch, learningRate, decay, null);
    }

    /**
     * One step exactly like {@link #step}, traced: returns TensorFlow's record of every op's run time in it.
     * Tracing costs time itself, so the benchmark times untraced steps and uses this only to find hot spots.
     */
    public RunMetadata tracedStep(TrainingBatch batch, double learningRate, double decay) {
        RunMetadata[] trace = new RunMetadata[1];
        step(batch, learningRate, decay, trace);
        return trace[0];
    }

    private float step(TrainingBatch batch, double learningRate, double decay, RunMetadata[] trace) {
        requireRowPerReplica(batch);
        long step = batch.index();
        try (TFloat32 x = Tensors.floats(batch.images(), batch.count(), height, width, channels);
             TInt64 nSeed = Tensors.longs(new long[] {batch.seed(), 2 * step}, 2);
             TInt64 tSeed = Tensors.longs(new long[] {batch.seed(), 2 * step + 1}, 2);
             LabelFeed labelFeed = new LabelFeed(batch);
             AdamOptimizer.Feed adamFeed = optimizer.feed(step, learningRate);
             TFloat32 d = TFloat32.scalarOf((float) decay);
             Result result = run(labelFeed.into(adamFeed.into(session.runner()))
                     .feed(images, x).feed(noiseSeed, nSeed).feed(timeSeed, tSeed).feed(emaDecay, d)
                     .addTarget(trainStep).fetch(loss), trace, !stepRan)) {
            stepRan = true;
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    /** first: whether this is the first run of its kind, which gets {@link #FIRST_RUN_SLACK} times the timeout. */
    private Result run(Session.Runner runner, RunMetadata[] trace, boolean first) {
        if (replication != null) {
            RunOptions.Builder options = RunOptions.newBuilder()
                    .setTimeoutInMs(replication.runTimeoutMillis() * (first ? FIRST_RUN_SLACK : 1));
            runner.setOptions((trace == null ? options : options.setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)).build());
        } else if (trace != null) {
            runner.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
        }
        try {
            if (trace == null) {
                return runner.run();
            }
            Result result = runner.runAndFetchMetadata();
            trace[0] = result.getMetadata().orElseThrow();
            return result;
        } catch (TensorFlowException e) {
            throw replicationFailure(e);
        }
    }

    /** A run of the session outside a step (loading or reading the variables), its failure told as a step's is. */
    private <T> T translated(java.util.function.Supplier<T> run) {
        try {
            return run.get();
        } catch (TensorFlowException e) {
            throw replicationFailure(e);
        }
    }

    private RuntimeException replicationFailure(TensorFlowException e) {
        if (replication == null) {
            return e;
        }
        replicationFailed = true;
        return replication.failure(e);
    }

    /** A replicated step needs a row per replica; fewer would leave a replica an empty mean. */
    private void requireRowPerReplica(TrainingBatch batch) {
        if (replication != null && batch.count() < replication.replicas()) {
            throw new IllegalArgumentException("a batch of " + batch.count() + " images cannot be split between " + replication.replicas()
                    + " replicas; use batches of " + replication.replicas() + " or more");
        }
    }

    /** The loss on a batch without changing anything (labels dropped as in training, from the same seed): for validation. */
    public float evaluate(TrainingBatch batch) {
        return evaluate(batch, null);
    }

    /** The forward pass and loss of {@link #evaluate}, traced like {@link #tracedStep}. */
    public RunMetadata tracedEvaluate(TrainingBatch batch) {
        RunMetadata[] trace = new RunMetadata[1];
        evaluate(batch, trace);
        return trace[0];
    }

    private float evaluate(TrainingBatch batch, RunMetadata[] trace) {
        requireRowPerReplica(batch);
        long index = batch.index();
        try (TFloat32 x = Tensors.floats(batch.images(), batch.count(), height, width, channels);
             TInt64 nSeed = Tensors.longs(new long[] {batch.seed(), 2 * index}, 2);
             TInt64 tSeed = Tensors.longs(new long[] {batch.seed(), 2 * index + 1}, 2);
             LabelFeed labelFeed = new LabelFeed(batch);
             Result result = run(labelFeed.into(session.runner()).feed(images, x).feed(noiseSeed, nSeed)
                     .feed(timeSeed, tSeed).fetch(loss), trace, !evaluationRan)) {
            evaluationRan = true;
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    /** The labels and their dropout seed for one run, or nothing for an unconditional model. */
    private final class LabelFeed implements AutoCloseable {
        private final TInt32 labelTensor;
        private final TInt64 seedTensor;

        LabelFeed(TrainingBatch batch) {
            int[] batchLabels = batch.labels();
            int count = batch.count();
            if (conditional() != (batchLabels != null)) {
                throw new IllegalArgumentException(conditional() ? "this model is conditional: every batch needs its labels"
                        : "this model is unconditional: batches take no labels");
            }
            if (batchLabels == null) {
                labelTensor = null;
                seedTensor = null;
                return;
            }
            for (int i = 0; i < count; i++) {
                if (batchLabels[i] < 0 || batchLabels[i] >= nullLabel) {
                    throw new IllegalArgumentException("label " + batchLabels[i] + " is outside the model's classes 0.." + (nullLabel - 1));
                }
            }
            labelTensor = Tensors.ints(java.util.Arrays.copyOf(batchLabels, count), count);
            // A third stream beside noise (2 step) and timesteps (2 step + 1): the seed's complement keeps it apart.
            seedTensor = Tensors.longs(new long[] {~batch.seed(), batch.index()}, 2);
        }

        Session.Runner into(Session.Runner runner) {
            return labelTensor == null ? runner : runner.feed(labels, labelTensor).feed(labelSeed, seedTensor);
        }

        @Override
        public void close() {
            if (labelTensor != null) {
                labelTensor.close();
                seedTensor.close();
            }
        }
    }

    /** The graph, for inspection only (the benchmark counts its FLOPs); adding ops to it is not supported. */
    public Graph graph() {
        return graph;
    }

    public long parameterCount() {
        return params.trainableParameterCount();
    }

    @Override
    public void close() {
        if (replicationFailed) {
            replication.closeAfterFailure(session, graph);
            return;
        }
        session.close();
        graph.close();
    }
}
