package org.diffusion4j.interop.inspect;

import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/** How many nodes of each op type a meta graph holds, in its graph and in its function library. */
public record OpCensus(Map<String, Integer> graphOps, Map<String, Integer> libraryOps, int functions) {

    public static OpCensus of(MetaGraphDef meta) {
        Map<String, Integer> graph = new TreeMap<>();
        for (NodeDef node : meta.getGraphDef().getNodeList()) {
            graph.merge(node.getOp(), 1, Integer::sum);
        }
        Map<String, Integer> library = new TreeMap<>();
        for (FunctionDef function : meta.getGraphDef().getLibrary().getFunctionList()) {
            for (NodeDef node : function.getNodeDefList()) {
                library.merge(node.getOp(), 1, Integer::sum);
            }
        }
        return new OpCensus(graph, library, meta.getGraphDef().getLibrary().getFunctionCount());
    }
}
