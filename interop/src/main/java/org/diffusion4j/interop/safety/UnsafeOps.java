package org.diffusion4j.interop.safety;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Op types that reach outside the tensor world: they read or write files, run Python or other processes,
 * or talk to other machines. A model needs none of them to compute its outputs, so a graph that would run
 * one is refused unless the user says they trust it.
 */
public final class UnsafeOps {

    /** What the loader's own saver needs to restore the variables; allowed there and only there. */
    public static final Set<String> CHECKPOINT_OPS = Set.of("Save", "SaveV2", "SaveSlices", "Restore", "RestoreV2", "RestoreSlice",
            "MergeV2Checkpoints");

    private static final Map<String, String> REASONS = new HashMap<>();

    static {
        add("touches files", CHECKPOINT_OPS);
        add("touches files", List.of("ReadFile", "WriteFile", "MatchingFiles", "ImmutableConst", "InitializeTableFromTextFile",
                "InitializeTableFromTextFileV2", "LoadAndRemapMatrix", "GenerateVocabRemapping", "PrintV2",
                "WholeFileReader", "WholeFileReaderV2", "TextLineReader", "TextLineReaderV2", "TFRecordReader", "TFRecordReaderV2",
                "FixedLengthRecordReader", "FixedLengthRecordReaderV2", "LMDBReader", "TFRecordDataset", "TFRecordDatasetV2",
                "TextLineDataset", "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2", "CSVDataset", "CSVDatasetV2",
                "ExperimentalCSVDataset", "MatchingFilesDataset", "ExperimentalMatchingFilesDataset", "LMDBDataset",
                "ExperimentalLMDBDataset", "SqlDataset", "ExperimentalSqlDataset", "SnapshotDataset", "SnapshotDatasetV2",
                "SaveDataset", "SaveDatasetV2", "LoadDataset", "DatasetToTFRecord", "ExperimentalDatasetToTFRecord",
                "CreateSummaryFileWriter", "CreateSummaryDbWriter", "WriteSummary", "WriteScalarSummary", "WriteHistogramSummary",
                "WriteImageSummary", "WriteAudioSummary", "WriteGraphSummary", "WriteRawProtoSummary", "ImportEvent",
                "DebugIdentity", "DebugIdentityV2", "DebugIdentityV3", "DebugNanCount", "DebugNumericSummary", "DebugNumericSummaryV2"));
        add("runs Python", List.of("PyFunc", "PyFuncStateless", "EagerPyFunc"));
        add("uses the network", List.of("Rpc", "TryRpc", "RpcCall", "RpcClient", "RpcServer", "RpcServerStart", "RpcServerRegister",
                "RpcCheckStatus", "RpcGetValue", "RemoteCall", "DataServiceDataset", "DataServiceDatasetV2", "DataServiceDatasetV3",
                "DataServiceDatasetV4", "RegisterDataset", "RegisterDatasetV2", "DistributedSave", "CollectiveReduce",
                "CollectiveReduceV2", "CollectiveReduceV3", "CollectiveGather", "CollectiveGatherV2", "CollectiveBcastSend",
                "CollectiveBcastSendV2", "CollectiveBcastRecv", "CollectiveBcastRecvV2", "CollectiveAllToAllV2",
                "CollectiveAllToAllV3", "Send", "Recv", "_Send", "_Recv", "_HostSend", "_HostRecv"));
    }

    private UnsafeOps() {
    }

    private static void add(String reason, java.util.Collection<String> ops) {
        ops.forEach(op -> REASONS.put(op, reason));
    }

    /** Why the op type is unsafe, or empty for ordinary computation. */
    public static Optional<String> reason(String opType) {
        return Optional.ofNullable(REASONS.get(opType));
    }
}
