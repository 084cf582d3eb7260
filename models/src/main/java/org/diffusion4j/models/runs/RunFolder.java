package org.diffusion4j.models.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterValue;

/**
 * The layout of a training run's folder: enough to resume training and to sample without any flags.
 * <pre>
 * model.json       the model and schedule (ModelSpec)
 * training.json    the training hyper-parameters
 * data.json        the data set and how many of its images, or the image folder, its settings and class names (DataSpec)
 * checkpoint.d4j   weights, EMA weights, Adam moments and the step, replaced atomically
 * history.csv      one row per epoch; steps.csv: smoothed training loss every few steps
 * loss.png         the loss curves
 * tensorboard/     TensorBoard event files (one per training session)
 * </pre>
 */
public final class RunFolder {

    /** Checkpoint entries holding the exponential moving average of a weight carry this prefix. */
    public static final String EMA_PREFIX = "ema.";
    /** Prefixes of Adam's first and second moments in a checkpoint: training state a sampler never reads. */
    public static final String ADAM_FIRST_MOMENT_PREFIX = "adam_m.";
    public static final String ADAM_SECOND_MOMENT_PREFIX = "adam_v.";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public RunFolder(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path modelSpecFile() {
        return root.resolve("model.json");
    }

    public Path trainingConfigFile() {
        return root.resolve("training.json");
    }

    public Path dataSpecFile() {
        return root.resolve("data.json");
    }

    public Path checkpointFile() {
        return root.resolve("checkpoint.d4j");
    }

    public Path historyFile() {
        return root.resolve("history.csv");
    }

    public Path stepsFile() {
        return root.resolve("steps.csv");
    }

    public Path lossPlotFile() {
        return root.resolve("loss.png");
    }

    /** Where training writes TensorBoard event files; {@code tensorboard --logdir} on the runs' parent shows every run. */
    public Path tensorBoardDir() {
        return root.resolve("tensorboard");
    }

    public boolean hasCheckpoint() {
        return Files.isRegularFile(checkpointFile());
    }

    public void writeJson(Path file, Object value) {
        try {
            Files.createDirectories(root);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(temporary.toFile(), value);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    public <T> T readJson(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + file.getFileName() + " in " + root
                    + ": this is not a diffusion4j run folder (train one with 'diffusion4j train --run DIR')");
        }
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    public ModelSpec modelSpec() {
        return readJson(modelSpecFile(), ModelSpec.class);
    }

    /** What the run trains on; empty for runs saved before data.json existed, which all trained on MNIST. */
    public java.util.Optional<DataSpec> dataSpec() {
        return Files.isRegularFile(dataSpecFile()) ? java.util.Optional.of(readJson(dataSpecFile(), DataSpec.class))
                : java.util.Optional.empty();
    }

    /** The class names of a run trained on a folder's sub-folders, in label order; null for MNIST-format data (digits). */
    public java.util.List<String> folderClassNames() {
        return dataSpec().filter(DataSpec::readsFolder).map(data -> data.folder().classNames()).orElse(null);
    }

    /**
     * The weights to sample with: the EMA copy when the run kept one (it gives cleaner samples),
     * otherwise the raw weights.
     */
    public Map<String, ParameterValue> samplingWeights(boolean preferEma) {
        if (!hasCheckpoint()) {
            throw new IllegalArgumentException("no checkpoint in " + root + ": train first ('diffusion4j train --run " + root + "')");
        }
        Map<String, ParameterValue> all = ParameterFile.read(checkpointFile()).values();
        Map<String, ParameterValue> weights = new LinkedHashMap<>();
        boolean hasEma = all.keySet().stream().anyMatch(k -> k.startsWith(EMA_PREFIX));
        boolean useEma = preferEma && hasEma;
        for (Map.Entry<String, ParameterValue> e : all.entrySet()) {
            String name = e.getKey();
            if (useEma && name.startsWith(EMA_PREFIX)) {
                weights.put(name.substring(EMA_PREFIX.length()), e.getValue());
            } else if (!useEma && !isOptimizerState(name)) {
                weights.put(name, e.getValue());
            }
        }
        return weights;
    }

    private static boolean isOptimizerState(String name) {
        return name.startsWith(EMA_PREFIX) || name.startsWith(ADAM_FIRST_MOMENT_PREFIX) || name.startsWith(ADAM_SECOND_MOMENT_PREFIX);
    }
}
