package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffusion4j.interop.inspect.ModelInspection;
import org.diffusion4j.interop.inspect.SavedModelFile;
import org.diffusion4j.interop.inspect.SignatureInfo;
import org.diffusion4j.interop.safety.SafetyScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Describes a SavedModel from its proto, without loading or running any of it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a SavedModel's tags, signatures, TensorFlow version, variables, op census and safety check.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "SavedModel folder (holding saved_model.pb)")
    Path directory;

    @Option(names = "--tag", defaultValue = SavedModelFile.SERVE_TAG, description = "meta graph tag (default: ${DEFAULT-VALUE})")
    String tag;

    @Override
    public Integer call() {
        SavedModelFile file = SavedModelFile.read(directory);
        ModelInspection inspection = ModelInspection.of(file, tag);
        System.out.print(inspection.format());
        System.out.println("safety (ops that touch files, processes or the network, by signature):");
        var meta = file.metaGraph(tag);
        for (SignatureInfo signature : inspection.callableSignatures()) {
            SafetyScan.Report report = SafetyScan.scan(meta, List.of(signature.key()));
            System.out.println("  " + signature.key() + ": " + (report.safe() ? "ok" : "refused without --trust-model: " + report.blocking()));
        }
        SafetyScan.Report loading = SafetyScan.scan(meta, List.of());
        if (!loading.safe()) {
            System.out.println("  loading itself (restore and initializer ops): refused without --trust-model: " + loading.blocking());
        }
        return 0;
    }
}
