package org.diffusion4j.interop.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * What a SavedModel holds, read from its proto only: nothing is loaded or run.
 *
 * @param writtenBy the TensorFlow that wrote the meta graph
 */
public record ModelInspection(String directory, List<String> tags, List<List<String>> tagSets, TensorFlowVersion writtenBy,
                              List<SignatureInfo> signatures, int variables, OpCensus census) {

    /** A TensorFlow release and the commit it was built from; either is empty when the writer left it out. */
    public record TensorFlowVersion(String version, String gitVersion) {

        @Override
        public String toString() {
            return (version.isEmpty() ? "(unknown)" : version) + (gitVersion.isEmpty() ? "" : " (" + gitVersion + ")");
        }
    }

    /** Variable ops of TF1 graphs (VariableV2) and TF2 ones (VarHandleOp, resource variables). */
    private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp");

    /** The first meta graph carrying {@code tag}. */
    public static ModelInspection of(SavedModelFile file, String tag) {
        return of(file, file.metaGraph(tag));
    }

    /** One meta graph of the file (see {@link SavedModelFile#metaGraphs()}). */
    public static ModelInspection of(SavedModelFile file, MetaGraphDef meta) {
        List<SignatureInfo> signatures = new ArrayList<>();
        meta.getSignatureDefMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> signatures.add(SignatureInfo.of(e.getKey(), e.getValue())));
        int variables = 0;
        for (NodeDef node : meta.getGraphDef().getNodeList()) {
            variables += VARIABLE_OPS.contains(node.getOp()) ? 1 : 0;
        }
        TensorFlowVersion writer = new TensorFlowVersion(meta.getMetaInfoDef().getTensorflowVersion(),
                meta.getMetaInfoDef().getTensorflowGitVersion());
        return new ModelInspection(file.directory().toString(), List.copyOf(meta.getMetaInfoDef().getTagsList()), file.tagSets(),
                writer, signatures, variables, OpCensus.of(meta));
    }

    /** The signatures a client can call (TF2's initializer signature is not one). */
    public List<SignatureInfo> callableSignatures() {
        return signatures.stream().filter(SignatureInfo::callable).toList();
    }

    public List<String> callableKeys() {
        return callableSignatures().stream().map(SignatureInfo::key).toList();
    }

    /** A human-readable report of this meta graph, one fact per line (the caller names the folder). */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append("meta graph tags: ").append(tags).append(" (saved_model.pb holds ").append(tagSets).append(")\n");
        out.append("written by TensorFlow ").append(writtenBy).append('\n');
        out.append("variables: ").append(variables).append('\n');
        out.append("signatures: ").append(callableSignatures().isEmpty() ? "none callable" : callableSignatures().size()).append('\n');
        for (SignatureInfo signature : signatures) {
            out.append("  ").append(signature.key()).append("  method ")
                    .append(signature.methodName().isEmpty() ? "(none)" : signature.methodName())
                    .append(signature.callable() ? "" : "  (initializer, run by the loader)").append('\n');
            signature.inputs().forEach(s -> out.append("    in  ").append(s).append('\n'));
            signature.outputs().forEach(s -> out.append("    out ").append(s).append('\n'));
        }
        out.append("graph ops: ").append(census.graphOps().values().stream().mapToInt(Integer::intValue).sum())
                .append(" nodes, ").append(census.graphOps().size()).append(" types\n");
        census.graphOps().forEach((op, n) -> out.append("  ").append(op).append(' ').append(n).append('\n'));
        out.append("function library: ").append(census.functions()).append(" functions, ")
                .append(census.libraryOps().values().stream().mapToInt(Integer::intValue).sum()).append(" nodes, ")
                .append(census.libraryOps().size()).append(" types\n");
        census.libraryOps().forEach((op, n) -> out.append("  ").append(op).append(' ').append(n).append('\n'));
        return out.toString();
    }
}
