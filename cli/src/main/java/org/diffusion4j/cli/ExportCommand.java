package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.runs.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a trained run as a SavedModel that TF Serving can serve. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a trained run as a clean inference SavedModel in TF Serving's layout BASE/NAME/VERSION/:",
                "serving_default = denoise(x_t, t) -> eps; sample = DDIM from noise to images in [0, 1]."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run", defaultValue = "runs/mnist", description = "run folder (default: ${DEFAULT-VALUE})")
    Path runDir;

    @Option(names = "--base", defaultValue = "models", description = "TF Serving model base folder (default: ${DEFAULT-VALUE})")
    Path base;

    @Option(names = "--name", description = "model name under the base (default: the run folder's name)")
    String name;

    @Option(names = "--version", description = "version number (default: one above the highest there)")
    Long version;

    @Option(names = "--sample-steps", defaultValue = "" + DenoiserExport.DEFAULT_SAMPLE_STEPS,
            description = "DDIM steps unrolled into the sample signature (default: ${DEFAULT-VALUE})")
    int sampleSteps;

    @Option(names = "--threads", defaultValue = "0") int threads;

    @Override
    public Integer call() {
        RunFolder run = new RunFolder(runDir);
        String modelName = name != null ? name : runDir.toAbsolutePath().normalize().getFileName().toString();
        ExportTarget target = version != null ? new ExportTarget(base, modelName, version) : ExportTarget.nextVersion(base, modelName);
        Path directory = SavedModelExporter.export(DenoiserExport.fromRun(run, sampleSteps), target, threads);
        System.out.println("exported " + runDir + " to " + directory + " (tag serve; signatures serving_default, sample with "
                + sampleSteps + " DDIM steps)");
        return 0;
    }
}
