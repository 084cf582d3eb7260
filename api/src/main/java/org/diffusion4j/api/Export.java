package org.diffusion4j.api;

import java.nio.file.Path;
import org.diffusion4j.interop.export.ClassifierExport;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.models.runs.RunFolder;

/**
 * Writes clean inference SavedModels in TF Serving's layout BASE/NAME/VERSION/ (tag serve): a run's denoiser
 * ({@code serving_default} denoises, {@code sample} runs DDIM in the graph from fed noise to images in [0, 1]; a conditional
 * run adds labels and a guidance scale) or a LeNet-5 classifier ({@code serving_default} probabilities, {@code features}).
 * <pre>{@code
 * Path saved = Export.run(Path.of("runs/mnist"), ExportTarget.nextVersion(Path.of("models"), "mnist"));
 * }</pre>
 */
public final class Export {

    /** DDIM steps unrolled into a run's sample signature. */
    public static final int DEFAULT_SAMPLE_STEPS = DenoiserExport.DEFAULT_SAMPLE_STEPS;

    private Export() {
    }

    /** Exports the run in {@code runFolder} with {@link #DEFAULT_SAMPLE_STEPS} in its sample signature; returns the version folder. */
    public static Path run(Path runFolder, ExportTarget target) {
        return run(runFolder, target, DEFAULT_SAMPLE_STEPS, 0);
    }

    /** Exports the run with {@code sampleSteps} DDIM steps unrolled into its sample signature, building with {@code threads}. */
    public static Path run(Path runFolder, ExportTarget target, int sampleSteps, int threads) {
        return SavedModelExporter.export(DenoiserExport.fromRun(new RunFolder(runFolder), sampleSteps), target, threads);
    }

    /** Exports the LeNet-5 in {@code classifierFolder} (null: where `classifier train` writes for MNIST). */
    public static Path classifier(Path classifierFolder, ExportTarget target, int threads) {
        ClassifierFolder folder = ClassifierFolder.explicitOrDefault(classifierFolder);
        return SavedModelExporter.export(ClassifierExport.fromFolder(folder), target, threads);
    }

    /** BASE/NAME/VERSION with the name defaulting to the exported folder's own and the version to one above the highest there. */
    public static ExportTarget target(Path base, String name, Long version, Path exported) {
        String modelName = name != null ? name : exported.toAbsolutePath().normalize().getFileName().toString();
        return version != null ? new ExportTarget(base, modelName, version) : ExportTarget.nextVersion(base, modelName);
    }
}
