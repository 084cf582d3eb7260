package org.diffusion4j.interop.imports;

import java.nio.file.Path;
import java.util.Collection;
import org.diffusion4j.interop.inspect.SavedModelFile;
import org.diffusion4j.interop.safety.SafetyScan;
import org.diffusion4j.interop.safety.UnsafeModelException;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;

/**
 * Loads a SavedModel only after its proto passed the {@link SafetyScan} for the signatures that will be
 * called: loading runs the model's restore and initializer ops, so the check has to come first.
 */
public final class GuardedLoader {

    private GuardedLoader() {
    }

    /** trust skips the scan (the user vouches for the model). threads <= 0: one per processor. */
    public static SavedModelBundle load(SavedModelFile file, Collection<String> signatures, boolean trust, int threads) {
        if (!trust) {
            SafetyScan.Report report = SafetyScan.scan(file.metaGraph(SavedModelFile.SERVE_TAG), signatures);
            if (!report.safe()) {
                throw new UnsafeModelException(file.directory(), report.blocking());
            }
        }
        int intra = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(intra).setInterOpParallelismThreads(1).build();
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(file.directory().toString()).withTags(SavedModelFile.SERVE_TAG).withConfigProto(config).load();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("TensorFlow could not load " + file.directory() + ": "
                    + firstLine(e.getMessage()), e);
        }
        try {
            TwinVariableRepair.repair(bundle, file.metaGraph(SavedModelFile.SERVE_TAG));
            return bundle;
        } catch (RuntimeException e) {
            bundle.close();
            throw new IllegalArgumentException("loaded " + file.directory() + " but could not fill its variables: "
                    + firstLine(e.getMessage()), e);
        }
    }

    static String firstLine(String message) {
        return message == null ? "(no message)" : message.lines().findFirst().orElse("");
    }

    public static SavedModelBundle load(Path directory, Collection<String> signatures, boolean trust, int threads) {
        return load(SavedModelFile.read(directory), signatures, trust, threads);
    }
}
