package org.diffusion4j.interop.imports;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Makes Keras 3 models written by tf.saved_model.save callable from the TF1-style loader. Their graph
 * holds two resource handles per variable: the Keras one (e.g. "sequential/dense/bias"), which the
 * signature functions capture, and a tf.Variable twin ("Variable_2"), which the saver restores. The
 * loader fills only the twin, so every call fails with "Could not find variable". Each twin is declared
 * right after its Keras handle with the same dtype and shape; after loading, every uninitialised
 * handle is given the value of the next restored handle of its dtype and shape.
 */
final class TwinVariableRepair {

    private record Handle(String name, DataType dtype, String shape, int position) {
    }

    private TwinVariableRepair() {
    }

    /** Returns how many variables were copied (0 for models that need no repair). */
    static int repair(SavedModelBundle bundle, MetaGraphDef meta) {
        if (!meta.hasSaverDef()) {
            return 0;
        }
        List<NodeDef> nodes = meta.getGraphDef().getNodeList();
        List<Handle> handles = new ArrayList<>();
        NodeDef restore = null;
        for (int i = 0; i < nodes.size(); i++) {
            NodeDef node = nodes.get(i);
            if (node.getOp().equals("VarHandleOp")) {
                handles.add(new Handle(node.getName(), node.getAttrMap().get("dtype").getType(),
                        node.getAttrMap().getOrDefault("shape", AttrValue.getDefaultInstance()).toString(), i));
            }
            if (node.getName().equals(meta.getSaverDef().getRestoreOpName())) {
                restore = node;
            }
        }
        if (restore == null || handles.isEmpty()) {
            return 0;
        }
        Set<String> restored = new HashSet<>(restore.getInputList());
        List<Handle> candidates = handles.stream().filter(h -> !restored.contains(h.name())).toList();
        List<Handle> sources = handles.stream().filter(h -> restored.contains(h.name())).toList();
        if (candidates.isEmpty() || sources.isEmpty()) {
            return 0;
        }
        Session session = bundle.session();
        Ops tf = Ops.create(bundle.graph()).withSubScope("diffusion4j_twin_repair");
        List<Handle> uninitialised = uninitialised(bundle, tf, candidates);
        Set<Handle> used = new HashSet<>();
        Session.Runner runner = session.runner();
        int copied = 0;
        for (Handle target : uninitialised) {
            Handle source = sources.stream().filter(s -> s.position() > target.position() && !used.contains(s)
                    && s.dtype() == target.dtype() && s.shape().equals(target.shape())).findFirst().orElse(null);
            Class<? extends TType> type = javaType(target.dtype());
            if (source == null || type == null) {
                continue;
            }
            used.add(source);
            Operand<? extends TType> value = tf.readVariableOp(handle(bundle, source.name()), type);
            runner.addTarget(tf.assignVariableOp(handle(bundle, target.name()), value));
            copied++;
        }
        if (copied > 0) {
            runner.run().close();
        }
        return copied;
    }

    private static List<Handle> uninitialised(SavedModelBundle bundle, Ops tf, List<Handle> handles) {
        Session.Runner runner = bundle.session().runner();
        for (Handle h : handles) {
            runner.fetch(tf.varIsInitializedOp(handle(bundle, h.name())));
        }
        List<Handle> missing = new ArrayList<>();
        try (Result result = runner.run()) {
            for (int i = 0; i < handles.size(); i++) {
                if (!((TBool) result.get(i)).getBoolean()) {
                    missing.add(handles.get(i));
                }
            }
        }
        return missing;
    }

    @SuppressWarnings("unchecked")
    private static Operand<TType> handle(SavedModelBundle bundle, String name) {
        return (Operand<TType>) bundle.graph().operation(name).output(0);
    }

    private static Class<? extends TType> javaType(DataType dtype) {
        return switch (dtype) {
            case DT_FLOAT -> TFloat32.class;
            case DT_DOUBLE -> TFloat64.class;
            case DT_INT32 -> TInt32.class;
            case DT_INT64 -> TInt64.class;
            default -> null;
        };
    }
}
