package org.diffusion4j.models.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The variables of one graph, created by layers as they are built. Values are made in Java (seeded, so
 * initialisation is reproducible) and moved in and out through one assign op per variable, which is
 * also how checkpoints are restored: initialisation and restore are the same operation.
 */
public final class ParameterStore {

    /**
     * The role of a fresh variable; the {@link Initialization} scheme decides the values. WEIGHT and BIAS
     * need the layer's fan-in (and fan-out for Glorot).
     */
    public enum Init { WEIGHT, BIAS, ZEROS, ONES }

    /**
     * What the {@link Initialization} scheme needs to draw a variable's first values: its role, the fans that
     * size random ones, and whether it closes a residual branch (or the network), which zero-initialising
     * schemes start at zero.
     */
    public record InitSpec(Init init, long fanIn, long fanOut, boolean closesBranch) {
    }

    /** The ops that read and write one variable: values fed to {@code input} are stored by running {@code assign}. */
    public record VariableOps(Variable<TFloat32> variable, Placeholder<TFloat32> input, Assign<TFloat32> assign) {
    }

    /** One variable of the graph with what is needed to initialise, read and write it. */
    public record Entry(String name, long[] shape, boolean trainable, InitSpec initSpec, VariableOps ops) {

        public long size() {
            long size = 1;
            for (long d : shape) {
                size *= d;
            }
            return size;
        }

        public Init init() {
            return initSpec.init();
        }

        public long fanIn() {
            return initSpec.fanIn();
        }

        public long fanOut() {
            return initSpec.fanOut();
        }

        public boolean closesBranch() {
            return initSpec.closesBranch();
        }

        public Variable<TFloat32> variable() {
            return ops.variable();
        }

        public Placeholder<TFloat32> input() {
            return ops.input();
        }

        public Assign<TFloat32> assign() {
            return ops.assign();
        }
    }

    private final Ops tf;
    private final Map<String, Entry> entries;
    private final boolean closingBranch;
    private final ConvolutionRoute convolutions;

    /** A store whose networks build their convolutions on {@link ConvolutionRoute#configured()}. */
    public ParameterStore(Ops tf) {
        this(tf, ConvolutionRoute.configured());
    }

    /** A store whose networks build their convolutions on {@code convolutions} (an export: {@link ConvolutionRoute#CONV2D}). */
    public ParameterStore(Ops tf, ConvolutionRoute convolutions) {
        this(tf, new LinkedHashMap<>(), false, convolutions);
    }

    private ParameterStore(Ops tf, Map<String, Entry> entries, boolean closingBranch, ConvolutionRoute convolutions) {
        this.tf = tf;
        this.entries = entries;
        this.closingBranch = closingBranch;
        this.convolutions = convolutions;
    }

    /**
     * The same store, but the variables created through the returned view close a residual branch (or the
     * network): a layer built on it is where {@link Initialization#FAN_IN_ZERO_BRANCHES} puts its zeros.
     */
    public ParameterStore closingBranch() {
        return new ParameterStore(tf, entries, true, convolutions);
    }

    public Ops ops() {
        return tf;
    }

    /** The op the networks built on this store run their convolutions' forward passes on. */
    public ConvolutionRoute convolutions() {
        return convolutions;
    }

    /** A trainable float32 variable; fanIn/fanOut size the random initial values of weights and biases. */
    public Variable<TFloat32> create(String name, long[] shape, Init init, long fanIn, long fanOut) {
        return add(name, shape, init, true, fanIn, fanOut);
    }

    /** A non-trainable float32 variable (optimizer slots, EMA copies): saved, never differentiated. */
    public Variable<TFloat32> createState(String name, long[] shape) {
        return add(name, shape, Init.ZEROS, false, 0, 0);
    }

    private Variable<TFloat32> add(String name, long[] shape, Init init, boolean trainable, long fanIn, long fanOut) {
        if (name.contains("/")) {
            throw new IllegalArgumentException("variable names must not contain '/': " + name);
        }
        if (entries.containsKey(name)) {
            throw new IllegalStateException("duplicate variable name " + name);
        }
        Variable<TFloat32> variable = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
        Placeholder<TFloat32> input = tf.withName(name + ".input").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(shape)));
        Assign<TFloat32> assign = tf.withName(name + ".assign").assign(variable, input);
        entries.put(name, new Entry(name, shape.clone(), trainable, new InitSpec(init, fanIn, fanOut, closingBranch && trainable),
                new VariableOps(variable, input, assign)));
        return variable;
    }

    public List<Entry> trainable() {
        List<Entry> list = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.trainable()) {
                list.add(e);
            }
        }
        return list;
    }

    public Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public long trainableParameterCount() {
        long count = 0;
        for (Entry e : trainable()) {
            count += e.size();
        }
        return count;
    }

    /** Fresh values for every variable under document 000's Glorot scheme, drawn from {@code seed}. */
    public Map<String, ParameterValue> initialValues(long seed) {
        return initialValues(seed, Initialization.GLOROT);
    }

    /** Fresh values for every variable, drawn from {@code seed} in creation order. */
    public Map<String, ParameterValue> initialValues(long seed, Initialization scheme) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, ParameterValue> values = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            float[] v = new float[Math.toIntExact(e.size())];
            double limit = scheme.uniformLimit(e);
            if (limit > 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
                }
            } else if (scheme.constant(e) != 0) {
                java.util.Arrays.fill(v, scheme.constant(e));
            }
            values.put(e.name(), new ParameterValue(e.shape(), v));
        }
        return values;
    }

    /**
     * Writes the given values into their variables. Every variable of the store must be covered unless
     * {@code partial}; names not in the store are an error (they signal a checkpoint of another model).
     */
    public void load(Session session, Map<String, ParameterValue> values, boolean partial) {
        for (String name : values.keySet()) {
            if (!entries.containsKey(name)) {
                throw new IllegalArgumentException("checkpoint holds '" + name + "', which this model does not have: "
                        + "the checkpoint was written for another model configuration");
            }
        }
        Session.Runner runner = session.runner();
        List<Tensor> tensors = new ArrayList<>();
        try {
            for (Entry e : entries.values()) {
                ParameterValue value = values.get(e.name());
                if (value == null) {
                    if (partial) {
                        continue;
                    }
                    throw new IllegalArgumentException("checkpoint lacks '" + e.name() + "': it was written for another model configuration");
                }
                if (!java.util.Arrays.equals(value.shape(), e.shape())) {
                    throw new IllegalArgumentException("'" + e.name() + "' has shape " + java.util.Arrays.toString(value.shape())
                            + " in the checkpoint but " + java.util.Arrays.toString(e.shape()) + " in the model");
                }
                TFloat32 t = Tensors.floats(value.values(), value.shape());
                tensors.add(t);
                runner.feed(e.input(), t).addTarget(e.assign());
            }
            if (!runner.isEmpty()) {
                runner.run().close();
            }
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    /** Reads the named variables (all when {@code names} is null) back into Java. */
    public Map<String, ParameterValue> read(Session session, List<String> names) {
        List<Entry> selected = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (names == null || names.contains(e.name())) {
                selected.add(e);
            }
        }
        Map<String, ParameterValue> values = new LinkedHashMap<>();
        if (selected.isEmpty()) {
            return values;
        }
        Session.Runner runner = session.runner();
        for (Entry e : selected) {
            runner.fetch(e.variable());
        }
        try (Result result = runner.run()) {
            for (int i = 0; i < selected.size(); i++) {
                Entry e = selected.get(i);
                values.put(e.name(), new ParameterValue(e.shape(), Tensors.toArray((TFloat32) result.get(i))));
            }
        }
        return values;
    }

    /**
     * The same variables in {@code copy}, a graph imported from this store's graph (one whose ops were placed on
     * devices, say): each entry's ops are found there by name, so {@link #load} and {@link #read} work on a session
     * of the copy. The returned store is for loading and reading only; creating variables in it is not supported.
     */
    public ParameterStore copiedInto(org.tensorflow.Graph copy) {
        Map<String, Entry> copied = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            VariableOps ops = new VariableOps(new Variable<>(copy.operationOrThrow(e.variable().op().name())),
                    new Placeholder<>(copy.operationOrThrow(e.input().op().name())),
                    new Assign<>(copy.operationOrThrow(e.assign().op().name())));
            copied.put(e.name(), new Entry(e.name(), e.shape(), e.trainable(), e.initSpec(), ops));
        }
        return new ParameterStore(Ops.create(copy), copied, closingBranch, convolutions);
    }

    /** The trainable variables as graph operands, in creation order. */
    public List<Operand<TFloat32>> trainableVariables() {
        List<Operand<TFloat32>> list = new ArrayList<>();
        for (Entry e : trainable()) {
            list.add(e.variable());
        }
        return list;
    }
}
