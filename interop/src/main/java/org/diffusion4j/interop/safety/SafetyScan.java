package org.diffusion4j.interop.safety;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.diffusion4j.interop.inspect.SignatureInfo;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Finds unsafe ops ({@link UnsafeOps}) in a meta graph, on the proto, before anything is loaded.
 *
 * <p>What runs when a SavedModel is used is: the loader's restore op, its initializer ops, and the
 * signatures the caller invokes, each with every node they depend on and every function those nodes call
 * (transitively, through call ops and function-valued attributes such as While and If bodies). An unsafe
 * op there blocks loading; the one exception is the checkpoint ops of the loader's own saver subgraph,
 * which restore the variables from the model's variables/ folder. Unsafe ops that none of this reaches
 * (e.g. a tf.Module's own "save" signature) cannot run through this importer; they are reported as
 * dormant instead of blocking, so that a model with an extra "save" signature can still be sampled.
 */
public final class SafetyScan {

    /** One unsafe node: its op type, its name, where it lives ("graph" or "function F") and why it is unsafe. */
    public record Finding(String op, String node, String where, String reason) {
        @Override
        public String toString() {
            return op + " ('" + node + "' in " + where + ", " + reason + ")";
        }
    }

    /** blocking: would run through this import; dormant: present but unreachable from it. */
    public record Report(List<Finding> blocking, List<Finding> dormant) {
        public boolean safe() {
            return blocking.isEmpty();
        }
    }

    /** Collections whose nodes the TF1 loader runs after restoring. */
    private static final Set<String> INIT_COLLECTIONS = Set.of("saved_model_main_op", "legacy_init_op", "main_op", "init_op",
            "table_initializer");

    private final Map<String, NodeDef> nodes = new HashMap<>();
    private final Map<String, FunctionDef> functions = new HashMap<>();

    private SafetyScan(MetaGraphDef meta) {
        meta.getGraphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
        meta.getGraphDef().getLibrary().getFunctionList().forEach(f -> functions.put(f.getSignature().getName(), f));
    }

    /** Scans for a use of the given signatures (the initializer signature is always included). */
    public static Report scan(MetaGraphDef meta, Collection<String> signatureKeys) {
        return new SafetyScan(meta).run(meta, signatureKeys);
    }

    private Report run(MetaGraphDef meta, Collection<String> signatureKeys) {
        Set<String> saverGraph = ancestors(saverRoots(meta));
        Set<String> runGraph = ancestors(runRoots(meta, signatureKeys));
        Set<String> saverFunctions = reachableFunctions(saverGraph);
        Set<String> runFunctions = reachableFunctions(runGraph);

        List<Finding> blocking = new ArrayList<>();
        List<Finding> dormant = new ArrayList<>();
        for (NodeDef node : nodes.values()) {
            sort(node, "graph", runGraph.contains(node.getName()), saverGraph.contains(node.getName()), blocking, dormant);
        }
        for (FunctionDef function : functions.values()) {
            String name = function.getSignature().getName();
            for (NodeDef node : function.getNodeDefList()) {
                sort(node, "function " + name, runFunctions.contains(name), saverFunctions.contains(name), blocking, dormant);
            }
        }
        return new Report(blocking, dormant);
    }

    /**
     * Files an unsafe node as blocking (it would run), dormant (it cannot run through this import) or not at
     * all (a checkpoint op that only the loader's own saver uses).
     */
    private static void sort(NodeDef node, String where, boolean runs, boolean inSaver, List<Finding> blocking, List<Finding> dormant) {
        UnsafeOps.reason(node.getOp()).ifPresent(reason -> {
            Finding finding = new Finding(node.getOp(), node.getName(), where, reason);
            boolean loaderCheckpoint = inSaver && !runs && UnsafeOps.CHECKPOINT_OPS.contains(node.getOp());
            if (loaderCheckpoint) {
                return;
            }
            if (runs || inSaver) {
                blocking.add(finding);
            } else {
                dormant.add(finding);
            }
        });
    }

    private static List<String> saverRoots(MetaGraphDef meta) {
        List<String> roots = new ArrayList<>();
        if (meta.hasSaverDef()) {
            SaverDef saver = meta.getSaverDef();
            roots.add(saver.getRestoreOpName());
            roots.add(saver.getSaveTensorName());
            roots.add(saver.getFilenameTensorName());
        }
        return roots;
    }

    private static List<String> runRoots(MetaGraphDef meta, Collection<String> signatureKeys) {
        List<String> roots = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(signatureKeys);
        keys.add(SignatureInfo.INIT_OP_KEY);
        for (String key : keys) {
            SignatureDef signature = meta.getSignatureDefMap().get(key);
            if (signature != null) {
                signature.getInputsMap().values().stream().map(TensorInfo::getName).forEach(roots::add);
                signature.getOutputsMap().values().stream().map(TensorInfo::getName).forEach(roots::add);
            }
        }
        for (Map.Entry<String, CollectionDef> collection : meta.getCollectionDefMap().entrySet()) {
            if (INIT_COLLECTIONS.contains(collection.getKey()) && collection.getValue().hasNodeList()) {
                roots.addAll(collection.getValue().getNodeList().getValueList());
            }
        }
        return roots;
    }

    /** The named nodes and all nodes they depend on, through data and control inputs. */
    private Set<String> ancestors(List<String> roots) {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        roots.stream().filter(r -> r != null && !r.isEmpty()).map(SafetyScan::nodeName).forEach(queue::add);
        while (!queue.isEmpty()) {
            String name = queue.pop();
            NodeDef node = nodes.get(name);
            if (node != null && seen.add(name)) {
                node.getInputList().stream().map(SafetyScan::nodeName).forEach(queue::add);
            }
        }
        return seen;
    }

    /** Functions the given graph nodes call, and the functions those call, and so on. */
    private Set<String> reachableFunctions(Set<String> graphNodes) {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        graphNodes.stream().map(nodes::get).forEach(node -> calledFunctions(node, queue));
        while (!queue.isEmpty()) {
            String name = queue.pop();
            FunctionDef function = functions.get(name);
            if (function != null && seen.add(name)) {
                function.getNodeDefList().forEach(node -> calledFunctions(node, queue));
            }
        }
        return seen;
    }

    private void calledFunctions(NodeDef node, Deque<String> into) {
        if (functions.containsKey(node.getOp())) {
            into.add(node.getOp());
        }
        for (AttrValue attr : node.getAttrMap().values()) {
            if (attr.hasFunc()) {
                into.add(attr.getFunc().getName());
            }
            if (attr.hasList()) {
                attr.getList().getFuncList().stream().map(NameAttrList::getName).forEach(into::add);
            }
        }
    }

    /** "^name", "name:1" and "name" all name node "name". */
    private static String nodeName(String input) {
        String name = input.startsWith("^") ? input.substring(1) : input;
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }
}
