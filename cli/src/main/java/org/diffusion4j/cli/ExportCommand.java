package org.diffusion4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.api.Export;
import org.diffusion4j.interop.export.DenoiserExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a trained run, or the LeNet-5 classifier, as a SavedModel that TF Serving can serve. Help is
 * declared by hand: mixinStandardHelpOptions' -V/--version clashes with the model --version, and picocli
 * then drops -h/--help as well.
 */
@Command(name = "export",
        description = {"Export a trained run as a clean inference SavedModel in TF Serving's layout BASE/NAME/VERSION/:",
                "serving_default = denoise(x_t, t) -> eps; sample = DDIM from noise to images in [0, 1].",
                "With --classifier, export LeNet-5 instead: serving_default = probabilities, features = the 84 FLD activations."})
final class ExportCommand implements Callable<Integer> {

    private static final String DEFAULT_RUN = "runs/mnist";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    // No picocli default, so that a --run given together with --classifier can be told apart and refused.
    @Option(names = "--run", description = "run folder (default: " + DEFAULT_RUN + ")")
    Path runDir;

    // An empty value stands for "no DIR given": the folder 'classifier train' writes by default.
    @Option(names = "--classifier", arity = "0..1", fallbackValue = "", paramLabel = "DIR",
            description = "export the LeNet-5 classifier in DIR instead of a run (no DIR: where 'classifier train' writes)")
    String classifierDir;

    @Option(names = "--base", defaultValue = "models", description = "TF Serving model base folder (default: ${DEFAULT-VALUE})")
    Path base;

    @Option(names = "--name", description = "model name under the base (default: the run's or classifier's folder name)")
    String name;

    @Option(names = "--version", description = "version number (default: one above the highest there)")
    Long version;

    @Option(names = "--sample-steps", defaultValue = "" + DenoiserExport.DEFAULT_SAMPLE_STEPS,
            description = "DDIM steps unrolled into a run's sample signature (default: ${DEFAULT-VALUE})")
    int sampleSteps;

    @Option(names = "--threads", defaultValue = "0") int threads;

    @Override
    public Integer call() {
        if (classifierDir != null) {
            if (runDir != null) {
                throw new IllegalArgumentException("pass either --run or --classifier, not both");
            }
            return exportClassifier();
        }
        Path run = runDir != null ? runDir : Path.of(DEFAULT_RUN);
        Path directory = Export.run(run, Export.target(base, name, version, run), sampleSteps, threads);
        System.out.println("exported " + run + " to " + directory + " (tag serve; signatures serving_default, sample with "
                + sampleSteps + " DDIM steps)");
        return 0;
    }

    private int exportClassifier() {
        ClassifierFolder folder = ClassifierFolder.explicitOrDefault(classifierDir.isEmpty() ? null : Path.of(classifierDir));
        Path directory = Export.classifier(folder.root(), Export.target(base, name, version, folder.root()), threads);
        System.out.println("exported " + folder.root() + " to " + directory + " (tag serve; signatures serving_default -> probabilities"
                + " [-1,10], features -> [-1,84]; input images float [-1,28,28,1] in [-1, 1])");
        return 0;
    }
}
