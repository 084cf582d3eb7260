package org.diffusion4j.interop.inspect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Finds the op that computes a signature output, looking through the identities and function calls TF2 and Keras
 * wrap around it (graph node {@code StatefulPartitionedCall:0} to the signature wrapper, to the model's function, to
 * its {@code Softmax}). Read from the proto only; nothing runs.
 */
public final class OutputTrace {

    /** Ops that hand one of their inputs through unchanged. */
    private static final Set<String> PASS_THROUGH = Set.of("Identity", "IdentityN", "StopGradient", "Snapshot");
    private static final Set<String> CALLS = Set.of("PartitionedCall", "StatefulPartitionedCall");
    /** Deep enough for any wrapping seen in Keras 2/3 and tf.Module exports, and a guard against cycles. */
    private static final int MAX_HOPS = 64;

    private final Map<String, FunctionDef> functions = new HashMap<>();
    private final Map<String, NodeDef> graphNodes = new HashMap<>();

    private OutputTrace(MetaGraphDef meta) {
        meta.getGraphDef().getLibrary().getFunctionList().forEach(f -> functions.put(f.getSignature().getName(), f));
        meta.getGraphDef().getNodeList().forEach(n -> graphNodes.put(n.getName(), n));
    }

    /**
     * The type of the op producing a graph tensor such as {@code StatefulPartitionedCall:0}, e.g. {@code Softmax};
     * empty when the trail ends in something it cannot follow (a function input, a control-flow op).
     */
    public static Optional<String> producerOp(MetaGraphDef meta, String tensorName) {
        return new OutputTrace(meta).trace(tensorName);
    }

    private Optional<String> trace(String tensorName) {
        Map<String, NodeDef> scope = graphNodes;
        String[] ref = graphRef(tensorName);
        String node = ref[0];
        int index = Integer.parseInt(ref[1]);
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            NodeDef def = scope.get(node);
            if (def == null) {
                return Optional.empty();
            }
            String op = def.getOp();
            String next;
            if (PASS_THROUGH.contains(op)) {
                List<String> inputs = def.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
                int which = op.equals("IdentityN") ? index : 0;
                if (which >= inputs.size()) {
                    return Optional.empty();
                }
                next = inputs.get(which);
            } else if (CALLS.contains(op) && def.containsAttr("f")) {
                FunctionDef callee = functions.get(def.getAttrOrThrow("f").getFunc().getName());
                if (callee == null || index >= callee.getSignature().getOutputArgCount()) {
                    return Optional.empty();
                }
                next = callee.getRetOrDefault(callee.getSignature().getOutputArg(index).getName(), null);
                if (next == null) {
                    return Optional.empty();
                }
                scope = nodes(callee);
            } else {
                return Optional.of(op);
            }
            // Inside a function body references read "node:output_arg:k"; a bare name is a function input.
            String[] parts = next.split(":");
            if (scope == graphNodes) {
                String[] g = graphRef(next);
                node = g[0];
                index = Integer.parseInt(g[1]);
            } else if (parts.length == 3) {
                node = parts[0];
                index = Integer.parseInt(parts[2]);
            } else {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Map<String, NodeDef> nodes(FunctionDef function) {
        Map<String, NodeDef> nodes = new HashMap<>();
        function.getNodeDefList().forEach(n -> nodes.put(n.getName(), n));
        return nodes;
    }

    /** "name:2" as {name, 2}; "name" as {name, 0}. */
    private static String[] graphRef(String tensorName) {
        int colon = tensorName.lastIndexOf(':');
        return colon < 0 ? new String[] {tensorName, "0"} : new String[] {tensorName.substring(0, colon), tensorName.substring(colon + 1)};
    }
}
