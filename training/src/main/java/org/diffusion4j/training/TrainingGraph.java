package org.diffusion4j.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.graph.Sessions;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.networks.DenoisingNetwork;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
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
        this(modelConfig, schedule, objective, threads, precision, -1);
    }

    /**
     * A graph whose image batch has a fixed size, so that every op's shape is static: what counting FLOPs from
     * the graph needs when a network folds another dimension into the batch (the DiT's tokens). Not for training.
     */
    public static TrainingGraph withFixedBatch(NetworkConfig modelConfig, NoiseSchedule schedule, int batchSize) {
        return new TrainingGraph(modelConfig, schedule, TrainingObjective.of(LossType.MSE), 1, Precision.FP32, batchSize);
    }

    /** batchSize: the images placeholder's batch dimension, -1 for any. */
    private TrainingGraph(NetworkConfig modelConfig, NoiseSchedule schedule, TrainingObjective objective, int threads,
                          Precision precision, long batchSize) {
        if (schedule.timesteps() != modelConfig.timesteps()) {
            throw new IllegalArgumentException("the schedule has " + schedule.timesteps() + " steps but the model embeds "
                    + modelConfig.timesteps() + "; use the same number of timesteps for both");
        }
        precision.trainingProblem().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        this.graph = new Graph();
        Ops tf = Ops.create(graph);
        this.params = new ParameterStore(tf);
        this.height = modelConfig.imageSize();
        this.width = modelConfig.imageSize();
        this.channels = modelConfig.inChannels();
        DenoisingNetwork network = modelConfig.build(params);
        for (ParameterStore.Entry e : params.trainable()) {
            modelNames.add(e.name());
        }

        images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batchSize, height, width, channels)));
        noiseSeed = tf.withName("noise_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        timeSeed = tf.withName("time_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        emaDecay = tf.withName("ema_decay").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

        // q_sample: x_t = signalRate(t) * x0 + noiseRate(t) * noise, with t uniform in 0..T-1.
        Operand<TInt32> batchShape = tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
        Operand<TInt32> timesteps = tf.random.statelessRandomUniformInt(batchShape, timeSeed, tf.constant(0),
                tf.constant(schedule.timesteps()));
        Operand<TFloat32> noises = tf.random.statelessRandomNormal(tf.shape(images), noiseSeed);
        float[] signalRates = new float[schedule.timesteps()];
        float[] noiseRates = new float[schedule.timesteps()];
        for (int t = 0; t < schedule.timesteps(); t++) {
            signalRates[t] = (float) schedule.signalRate(t);
            noiseRates[t] = (float) schedule.noiseRate(t);
        }
        Operand<TInt32> perImage = tf.constant(new int[] {-1, 1, 1, 1});
        Operand<TFloat32> signal = tf.reshape(tf.gather(tf.constant(signalRates), timesteps, tf.constant(0)), perImage);
        Operand<TFloat32> noise = tf.reshape(tf.gather(tf.constant(noiseRates), timesteps, tf.constant(0)), perImage);
        Operand<TFloat32> noisyImages = tf.math.add(tf.math.mul(signal, images), tf.math.mul(noise, noises));
        this.nullLabel = modelConfig.classes();
        Operand<TInt32> shownLabels = null;
        if (modelConfig.conditional()) {
            labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(batchSize)));
            labelSeed = tf.withName("label_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            shownLabels = LabelDropout.apply(tf, labels, labelSeed, objective.labelDropout(), nullLabel);
        } else {
            labels = null;
            labelSeed = null;
        }
        Operand<TFloat32> predictedNoises = network.apply(noisyImages, timesteps, shownLabels);
        Operand<TFloat32> error = tf.math.sub(predictedNoises, noises);
        Operand<TFloat32> perPixel = objective.loss() == LossType.L1 ? tf.math.abs(error) : tf.math.square(error);
        this.loss = tf.withName("loss").math.mean(perPixel, tf.constant(new int[] {0, 1, 2, 3}));
        Operand<TFloat32> minimised = loss;
        if (objective.minSnrGamma() > 0) {
            float[] weights = minSnrWeights(signalRates, noiseRates, objective.minSnrGamma());
            Operand<TFloat32> perImageWeights = tf.reshape(tf.gather(tf.constant(weights), timesteps, tf.constant(0)), perImage);
            minimised = tf.math.mean(tf.math.mul(perImageWeights, perPixel), tf.constant(new int[] {0, 1, 2, 3}));
        }

        // Gradients over the model variables only: the optimizer slots and EMA copies are not trained.
        AdamOptimizer adam = new AdamOptimizer(graph, params, minimised);
        this.optimizer = adam;
        List<ParameterStore.Entry> trainable = params.trainable();
        List<Variable<TFloat32>> emaVariables = new ArrayList<>();
        for (ParameterStore.Entry e : trainable) {
            emaVariables.add(params.createState(EMA_PREFIX + e.name(), e.shape()));
        }
        Ops afterAdam = tf.withControlDependencies(adam.updates());
        Operand<TFloat32> oneMinusDecay = afterAdam.math.sub(afterAdam.constant(1f), emaDecay);
        List<Op> emaUpdates = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            Variable<TFloat32> ema = emaVariables.get(i);
            Operand<TFloat32> weights = afterAdam.identity(trainable.get(i).variable());
            emaUpdates.add(afterAdam.assignSub(ema, afterAdam.math.mul(oneMinusDecay, afterAdam.math.sub(ema, weights))));
        }
        this.trainStep = tf.withControlDependencies(emaUpdates).withName(STEP_OP_NAME).noOp();
        this.session = Sessions.create(graph, threads, precision);
    }

    /** min(SNR, gamma) / SNR for each timestep, SNR being (signal rate / noise rate)^2. */
    static float[] minSnrWeights(float[] signalRates, float[] noiseRates, double gamma) {
        float[] weights = new float[signalRates.length];
        for (int t = 0; t < weights.length; t++) {
            double snr = Math.pow(signalRates[t] / (double) noiseRates[t], 2);
            weights[t] = (float) (Math.min(snr, gamma) / snr);
        }
        return weights;
    }

    /** Fresh weights from the seed; the EMA starts at the same weights and the Adam moments at zero. */
    public void initialize(long seed, Initialization scheme) {
        Map<String, ParameterValue> values = params.initialValues(seed, scheme);
        for (String name : modelNames) {
            values.put(EMA_PREFIX + name, values.get(name).copy());
        }
        params.load(session, values, false);
    }

    /** Everything a checkpoint must hold: weights, EMA weights and Adam moments. */
    public Map<String, ParameterValue> state() {
        return params.read(session, null);
    }

    public void restore(Map<String, ParameterValue> state) {
        params.load(session, state, false);
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
        long step = batch.index();
        try (TFloat32 x = Tensors.floats(batch.images(), batch.count(), height, width, channels);
             TInt64 nSeed = Tensors.longs(new long[] {batch.seed(), 2 * step}, 2);
             TInt64 tSeed = Tensors.longs(new long[] {batch.seed(), 2 * step + 1}, 2);
             LabelFeed labelFeed = new LabelFeed(batch);
             AdamOptimizer.Feed adamFeed = optimizer.feed(step, learningRate);
             TFloat32 d = TFloat32.scalarOf((float) decay);
             Result result = run(labelFeed.into(adamFeed.into(session.runner()))
                     .feed(images, x).feed(noiseSeed, nSeed).feed(timeSeed, tSeed).feed(emaDecay, d)
                     .addTarget(trainStep).fetch(loss), trace)) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    private static Result run(Session.Runner runner, RunMetadata[] trace) {
        if (trace == null) {
            return runner.run();
        }
        Result result = runner.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
                .runAndFetchMetadata();
        trace[0] = result.getMetadata().orElseThrow();
        return result;
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
        long index = batch.index();
        try (TFloat32 x = Tensors.floats(batch.images(), batch.count(), height, width, channels);
             TInt64 nSeed = Tensors.longs(new long[] {batch.seed(), 2 * index}, 2);
             TInt64 tSeed = Tensors.longs(new long[] {batch.seed(), 2 * index + 1}, 2);
             LabelFeed labelFeed = new LabelFeed(batch);
             Result result = run(labelFeed.into(session.runner()).feed(images, x).feed(noiseSeed, nSeed)
                     .feed(timeSeed, tSeed).fetch(loss), trace)) {
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
        session.close();
        graph.close();
    }
}
