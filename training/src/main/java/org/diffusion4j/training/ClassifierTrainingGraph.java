package org.diffusion4j.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.diffusion4j.core.classifiers.ClassifierInput;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Sessions;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.networks.LeNet5;
import org.diffusion4j.evaluation.Predictions;
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
 * LeNet-5 (for MNIST or an image folder) with its training step as one graph: softmax cross-entropy against one-hot labels (the sparse
 * op has no gradient in TF Java), gradients over the model variables only, and Adam written with
 * applyAdam so the learning rate is fed per step.
 */
public final class ClassifierTrainingGraph implements AutoCloseable {


    private final Graph graph;
    private final Session session;
    private final ParameterStore params;
    private final List<String> modelNames = new ArrayList<>();
    private final Placeholder<TFloat32> images;
    private final Placeholder<TInt32> labels;
    private final Operand<TFloat32> logits;
    private final Operand<TFloat32> perImageLoss;
    private final Operand<TFloat32> loss;
    private final Op trainStep;
    private final AdamOptimizer optimizer;
    private final ClassifierInput input;

    /** MNIST's LeNet-5. */
    public ClassifierTrainingGraph(int threads) {
        this(ClassifierInput.MNIST, threads);
    }

    public ClassifierTrainingGraph(ClassifierInput input, int threads) {
        this.input = input;
        this.graph = new Graph();
        Ops tf = Ops.create(graph);
        this.params = new ParameterStore(tf);
        LeNet5 lenet = new LeNet5(params, input);
        for (ParameterStore.Entry e : params.trainable()) {
            modelNames.add(e.name());
        }
        int size = input.imageSize();
        images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, input.channels())));
        labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));

        this.logits = lenet.apply(images).logits();
        Operand<TFloat32> targets = tf.oneHot(labels, tf.constant(input.classes()), tf.constant(1f), tf.constant(0f));
        this.perImageLoss = tf.nn.softmaxCrossEntropyWithLogits(logits, targets).loss();
        this.loss = tf.withName("loss").math.mean(perImageLoss, tf.constant(0));

        this.optimizer = new AdamOptimizer(graph, params, loss);
        this.trainStep = tf.withControlDependencies(optimizer.updates()).withName("train_step").noOp();
        this.session = Sessions.create(graph, threads);
    }

    /** Fresh Glorot weights from the seed, Adam moments at zero. */
    public void initialize(long seed) {
        params.load(session, params.initialValues(seed), false);
    }

    /** One Adam step (0-based {@code step}); returns the mean loss of the batch before the update. */
    public float step(float[] batch, int[] batchLabels, int count, long step, double rate) {
        try (TFloat32 x = Tensors.floats(batch, count, input.imageSize(), input.imageSize(), input.channels());
             TInt32 y = Tensors.ints(batchLabels, count);
             AdamOptimizer.Feed adamFeed = optimizer.feed(step, rate);
             Result result = adamFeed.into(session.runner()).feed(images, x).feed(labels, y)
                     .addTarget(trainStep).fetch(loss).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    /** Loss summed over a batch and how many images it classified right, without changing anything. */
    public BatchScore score(float[] batch, int[] batchLabels, int count) {
        try (TFloat32 x = Tensors.floats(batch, count, input.imageSize(), input.imageSize(), input.channels());
             TInt32 y = Tensors.ints(batchLabels, count);
             Result result = session.runner().feed(images, x).feed(labels, y).fetch(perImageLoss).fetch(logits).run()) {
            float[] losses = Tensors.toArray((TFloat32) result.get(0));
            float[] scores = Tensors.toArray((TFloat32) result.get(1));
            int[] predicted = Predictions.labels(scores, input.classes());
            double lossSum = 0;
            int correct = 0;
            for (int i = 0; i < count; i++) {
                lossSum += losses[i];
                if (predicted[i] == batchLabels[i]) {
                    correct++;
                }
            }
            return new BatchScore(lossSum, correct);
        }
    }

    /** Summed loss and correct count of one batch. */
    public record BatchScore(double lossSum, int correct) {
    }

    /** The model weights only (no Adam moments): what a classifier folder keeps. */
    public Map<String, ParameterValue> weights() {
        return params.read(session, modelNames);
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
