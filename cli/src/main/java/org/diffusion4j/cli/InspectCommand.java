package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffusion4j.interop.inspect.ModelInspection;
import org.diffusion4j.interop.inspect.SavedModelFile;
import org.diffusion4j.interop.inspect.SignatureInfo;
import org.diffusion4j.interop.safety.SafetyScan;
import org.tensorflow.proto.MetaGraphDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Describes a SavedModel from its proto, without loading or running any of it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print every meta graph of a SavedModel with its tags, then for each (or the one chosen with --tag) its "
                + "signatures, TensorFlow version, variables, op census and safety check."})
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "SavedModel folder (holding saved_model.pb)")
    Path directory;

    @Option(names = "--tag", description = "detail only the meta graphs carrying this tag (default: all of them)")
    String tag;

    @Override
    public Integer call() {
        SavedModelFile file = SavedModelFile.read(directory);
        List<MetaGraphDef> all = file.metaGraphs();
        // Chosen before printing anything, so a wrong --tag is one error line rather than half a report.
        List<MetaGraphDef> chosen = tag == null ? all : file.metaGraphsTagged(tag);
        System.out.println("SavedModel " + directory);
        System.out.println("meta graphs: " + all.size());
        for (int i = 0; i < all.size(); i++) {
            System.out.println("  #" + (i + 1) + " tags: " + String.join(", ", all.get(i).getMetaInfoDef().getTagsList()));
        }
        for (MetaGraphDef meta : chosen) {
            System.out.println();
            System.out.println("meta graph #" + (all.indexOf(meta) + 1) + " (tags: "
                    + String.join(", ", meta.getMetaInfoDef().getTagsList()) + ")");
            printDetails(file, meta);
        }
        return 0;
    }

    private static void printDetails(SavedModelFile file, MetaGraphDef meta) {
        ModelInspection inspection = ModelInspection.of(file, meta);
        System.out.print(inspection.format());
        System.out.println("safety (ops that touch files, processes or the network, by signature):");
        for (SignatureInfo signature : inspection.callableSignatures()) {
            SafetyScan.Report report = SafetyScan.scan(meta, List.of(signature.key()));
            System.out.println("  " + signature.key() + ": " + (report.safe() ? "ok" : "refused without --trust-model: " + report.blocking()));
        }
        SafetyScan.Report loading = SafetyScan.scan(meta, List.of());
        if (!loading.safe()) {
            System.out.println("  loading itself (restore and initializer ops): refused without --trust-model: " + loading.blocking());
        }
    }
}
