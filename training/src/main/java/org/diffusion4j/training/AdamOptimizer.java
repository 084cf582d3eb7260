package org.diffusion4j.training;

import java.util.ArrayList;
import java.util.List;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.runs.RunFolder;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam over the trainable variables of a {@link ParameterStore}, built from {@code Graph.addGradients} and
 * {@code applyAdam}: the framework's optimizers differentiate every variable in the graph (EMA copies
 * included) and take a constant learning rate, while this one takes the rate and the bias corrections
 * as fed scalars. Moments are state variables of the store, so checkpoints carry them.
 */
final class AdamOptimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Placeholder<TFloat32> learningRate;
    private final Placeholder<TFloat32> beta1Power;
    private final Placeholder<TFloat32> beta2Power;
    private final List<Op> updates = new ArrayList<>();
    /** Names of the fed scalars, kept apart from the ops: a replicated graph runs in a copy of the graph they are in. */
    private final String learningRateName;
    private final String beta1PowerName;
    private final String beta2PowerName;

    AdamOptimizer(Graph graph, ParameterStore params, Operand<TFloat32> loss) {
        this(params, gradients(graph, params, loss, null));
    }

    /** The loss's gradients with respect to the trainable variables, in their order; prefix names the ops (null: TF's default). */
    static List<Operand<TFloat32>> gradients(Graph graph, ParameterStore params, Operand<TFloat32> loss, String prefix) {
        List<ParameterStore.Entry> trainable = params.trainable();
        Output<?>[] variables = new Output<?>[trainable.size()];
        for (int i = 0; i < variables.length; i++) {
            variables[i] = trainable.get(i).variable().asOutput();
        }
        Output<?>[] outputs = prefix == null ? graph.addGradients(loss.asOutput(), variables)
                : graph.addGradients(prefix, new Output<?>[] {loss.asOutput()}, variables, null);
        List<Operand<TFloat32>> gradients = new ArrayList<>();
        for (Output<?> g : outputs) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> gradient = (Operand<TFloat32>) g;
            gradients.add(gradient);
        }
        return gradients;
    }

    /** Adam on the loss's gradients, scaled down to a global norm of {@code clipNorm} when longer (0: never). */
    AdamOptimizer(Graph graph, ParameterStore params, Operand<TFloat32> loss, double clipNorm) {
        this(params, gradients(graph, params, loss, null), clipNorm);
    }

    /** Adam on given gradients (one per trainable variable, in order): an average over replicas, say. */
    AdamOptimizer(ParameterStore params, List<Operand<TFloat32>> gradients) {
        this(params, gradients, 0);
    }

    /** Adam on given gradients, scaled down together to a global norm of {@code clipNorm} when longer (0: never). */
    AdamOptimizer(ParameterStore params, List<Operand<TFloat32>> gradients, double clipNorm) {
        Ops tf = params.ops();
        if (clipNorm > 0) {
            gradients = clippedToGlobalNorm(tf, gradients, (float) clipNorm);
        }
        learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        learningRateName = learningRate.op().name();
        beta1PowerName = beta1Power.op().name();
        beta2PowerName = beta2Power.op().name();
        List<ParameterStore.Entry> trainable = params.trainable();
        // Reference variables are read when an op runs, not when the step starts: without this barrier an
        // update could land before a backprop op reads the same weights, which makes a step depend on
        // scheduling (and a resumed run differ from an uninterrupted one).
        List<Op> barrier = new ArrayList<>();
        List<Operand<TFloat32>> finished = new ArrayList<>();
        for (Operand<TFloat32> g : gradients) {
            Operand<TFloat32> gradient = tf.identity(g);
            finished.add(gradient);
            barrier.add((Op) gradient);
        }
        Ops afterGradients = tf.withControlDependencies(barrier);
        for (int i = 0; i < trainable.size(); i++) {
            ParameterStore.Entry e = trainable.get(i);
            Variable<TFloat32> m = params.createState(RunFolder.ADAM_FIRST_MOMENT_PREFIX + e.name(), e.shape());
            Variable<TFloat32> v = params.createState(RunFolder.ADAM_SECOND_MOMENT_PREFIX + e.name(), e.shape());
            updates.add(afterGradients.train.applyAdam(e.variable(), m, v, beta1Power, beta2Power, learningRate,
                    afterGradients.constant(BETA1), afterGradients.constant(BETA2), afterGradients.constant(EPSILON),
                    finished.get(i)));
        }
    }

    /** The gradients times min(1, clipNorm / their global norm): one scale for all, so the step keeps its direction. */
    static List<Operand<TFloat32>> clippedToGlobalNorm(Ops tf, List<Operand<TFloat32>> gradients, float clipNorm) {
        List<Operand<TFloat32>> squares = new ArrayList<>();
        for (Operand<TFloat32> g : gradients) {
            squares.add(tf.reduceSum(tf.math.square(g), tf.range(tf.constant(0), tf.rank(g), tf.constant(1))));
        }
        Operand<TFloat32> norm = tf.math.sqrt(tf.math.addN(squares));
        Operand<TFloat32> scale = tf.math.div(tf.constant(clipNorm), tf.math.maximum(norm, tf.constant(clipNorm)));
        List<Operand<TFloat32>> clipped = new ArrayList<>();
        for (Operand<TFloat32> g : gradients) {
            clipped.add(tf.math.mul(g, scale));
        }
        return clipped;
    }

    /** The update ops; running them all is one Adam step. */
    List<Op> updates() {
        return updates;
    }

    /** The fed scalars of one step; close it after the run. */
    Feed feed(long step, double rate) {
        return new Feed(step, rate);
    }

    /** Learning rate and bias corrections for a 0-based step. */
    final class Feed implements AutoCloseable {
        private final TFloat32 rate;
        private final TFloat32 b1;
        private final TFloat32 b2;

        private Feed(long step, double learningRateValue) {
            long adamStep = step + 1;
            this.rate = TFloat32.scalarOf((float) learningRateValue);
            this.b1 = TFloat32.scalarOf((float) Math.pow(BETA1, adamStep));
            this.b2 = TFloat32.scalarOf((float) Math.pow(BETA2, adamStep));
        }

        /** Fed by name: a replicated graph runs in a copy of the graph it was built in (see ReplicaPlacement). */
        Session.Runner into(Session.Runner runner) {
            return runner.feed(learningRateName, rate).feed(beta1PowerName, b1).feed(beta2PowerName, b2);
        }

        @Override
        public void close() {
            rate.close();
            b1.close();
            b2.close();
        }
    }
}
