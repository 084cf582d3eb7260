package org.diffusion4j.training.distributed;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.family.TType;

/**
 * Puts every op of a graph on a device: the ops made while replica i was being built on its device, all others on
 * the parameter device. Placing by what was built when, rather than through an {@code Ops} scope, is needed because
 * the backward pass comes from {@code Graph.addGradients}, which gives its ops no device in TF Java 1.1.0 (the C
 * API's gradient builder takes none), and TensorFlow then runs them wherever its placer likes, which on a cluster
 * was largely the chief. A node's device cannot be changed once it is in a graph, so the placed graph is a copy,
 * imported from the built one's GraphDef with the devices filled in; the handles used to run it are found there by name.
 */
public final class ReplicaPlacement {

    private final Graph built;
    private final Replication replication;
    private final Map<String, String> devices = new HashMap<>();
    private Set<String> before;

    public ReplicaPlacement(Graph built, Replication replication) {
        this.built = built;
        this.replication = replication;
    }

    /** Marks the start of the next replica's ops. */
    public void beginReplica() {
        if (before != null) {
            throw new IllegalStateException("a replica is already being built");
        }
        before = names(built);
    }

    /** Every op made since {@link #beginReplica} is replica i's. */
    public void endReplica(int replica) {
        String device = replication.replicaDevices().get(replica);
        for (String name : names(built)) {
            if (!before.contains(name)) {
                devices.put(name, device);
            }
        }
        before = null;
    }

    /** The built graph with each op on its device, as a new graph; the built one is left as it was. */
    public Graph placedCopy() {
        GraphDef.Builder def = built.toGraphDef().toBuilder();
        for (NodeDef.Builder node : def.getNodeBuilderList()) {
            node.setDevice(devices.getOrDefault(node.getName(), replication.parameterDevice()));
        }
        Graph placed = new Graph();
        placed.importGraphDef(def.build());
        return placed;
    }

    /** The output in {@code copy} that has {@code operand}'s name and index. */
    public static <T extends TType> Output<T> find(Graph copy, Operand<T> operand) {
        Output<T> output = operand.asOutput();
        return copy.operationOrThrow(output.op().name()).output(output.index());
    }

    /** How many of the built graph's ops each device got, for a log line or a test. */
    public Map<String, Integer> opsPerDevice() {
        Map<String, Integer> counts = new HashMap<>();
        for (String name : names(built)) {
            counts.merge(devices.getOrDefault(name, replication.parameterDevice()), 1, Integer::sum);
        }
        return counts;
    }

    private static Set<String> names(Graph graph) {
        Set<String> names = new HashSet<>();
        for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
            names.add(it.next().name());
        }
        return names;
    }
}
