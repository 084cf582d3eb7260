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
import org.diffusion4j.models.runs.RunFolder;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A student's training step on targets computed outside the graph: the network's output for fed noisy images, timesteps
 * and labels is pulled towards a fed target by mean squared error, then Adam and the moving average update as in
 * {@link TrainingGraph}. Progressive distillation feeds it what two of the teacher's steps imply; the checkpoint it
 * writes has a training run's names, so the student is an ordinary run.
 */
public final class DistillationGraph implements AutoCloseable {

    private final Graph graph;
    private final Session session;
    private final ParameterStore params;
    private final List<String> modelNames = new ArrayList<>();
    private final Placeholder<TFloat32> noisyImages;
    private final Placeholder<TInt32> timesteps;
    private final Placeholder<TInt32> labels;
    private final Placeholder<TFloat32> targets;
    private final Placeholder<TFloat32> emaDecay;
    private final AdamOptimizer optimizer;
    private final Operand<TFloat32> loss;
    private final Op trainStep;
    private final int height;
    private final int width;
    private final int channels;

    public DistillationGraph(NetworkConfig network, int threads) {
        Graph built = new Graph();
        Ops tf = Ops.create(built);
        ParameterStore store = new ParameterStore(tf);
        DenoisingNetwork model = network.build(store);
        for (ParameterStore.Entry e : store.trainable()) {
            modelNames.add(e.name());
        }
        height = network.imageSize();
        width = network.imageSize();
        channels = network.inChannels();
        Shape images = Shape.of(-1, height, width, channels);
        noisyImages = tf.withName("noisy_images").placeholder(TFloat32.class, Placeholder.shape(images));
        timesteps = tf.withName("timesteps").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        labels = network.conditional() ? tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))) : null;
        targets = tf.withName("targets").placeholder(TFloat32.class, Placeholder.shape(images));
        emaDecay = tf.withName("ema_decay").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Operand<TFloat32> error = tf.math.sub(model.apply(noisyImages, timesteps, labels), targets);
        loss = tf.withName("loss").math.mean(tf.math.square(error), tf.constant(new int[] {0, 1, 2, 3}));
        optimizer = new AdamOptimizer(built, store, loss);
        trainStep = TrainingGraph.movingAverageStep(tf, store, optimizer, emaDecay);
        graph = built;
        params = store;
        session = Sessions.create(graph, threads, Precision.FP32);
    }

    /**
     * Starts the student as the teacher: {@code weights} (the teacher's sampling weights) for the weights and their moving
     * average, Adam's moments at zero.
     */
    public void initializeFrom(Map<String, ParameterValue> weights) {
        Map<String, ParameterValue> values = params.initialValues(0, Initialization.GLOROT);
        for (String name : modelNames) {
            ParameterValue value = weights.get(name);
            if (value == null) {
                throw new IllegalArgumentException("the teacher has no weight '" + name + "': a student has its teacher's network");
            }
            values.put(name, value.copy());
            values.put(RunFolder.EMA_PREFIX + name, value.copy());
        }
        params.load(session, values, false);
    }

    /** Weights, moving average and Adam moments, under a training run's names. */
    public Map<String, ParameterValue> state() {
        return params.read(session, null);
    }

    public void restore(Map<String, ParameterValue> state) {
        params.load(session, state, false);
    }

    /**
     * One Adam step of 0-based index {@code step} towards {@code batchTargets} (the student's own kind of output for each
     * image), then the moving average with {@code decay}; returns the loss before the step. labels: null for an
     * unconditional student.
     */
    public float step(float[] noisy, int[] batchTimesteps, int[] batchLabels, float[] batchTargets, long step, double learningRate,
                      double decay) {
        int count = batchTimesteps.length;
        if ((labels != null) != (batchLabels != null)) {
            throw new IllegalArgumentException(labels != null ? "this student is conditional: give every image's label"
                    : "this student is unconditional: it takes no labels");
        }
        try (TFloat32 x = Tensors.floats(noisy, count, height, width, channels);
             TInt32 t = Tensors.ints(batchTimesteps, count);
             TInt32 y = batchLabels == null ? null : Tensors.ints(batchLabels, count);
             TFloat32 target = Tensors.floats(batchTargets, count, height, width, channels);
             AdamOptimizer.Feed adam = optimizer.feed(step, learningRate);
             TFloat32 d = TFloat32.scalarOf((float) decay)) {
            Session.Runner runner = adam.into(session.runner()).feed(noisyImages, x).feed(timesteps, t).feed(targets, target)
                    .feed(emaDecay, d);
            if (y != null) {
                runner.feed(labels, y);
            }
            try (Result result = runner.addTarget(trainStep).fetch(loss).run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
