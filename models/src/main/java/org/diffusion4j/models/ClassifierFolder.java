package org.diffusion4j.models;

import org.diffusion4j.core.classifiers.ClassifierDescription;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The folder of a trained classifier:
 * <pre>
 * weights.d4j       the model weights (ParameterFile), replaced atomically
 * classifier.json   a ClassifierDescription
 * statistics/       cached feature statistics of reference data sets, keyed by the weights' fingerprint
 * </pre>
 * Without an explicit folder, commands use {@link #defaultLocation}, so that evaluation finds the
 * classifier that 'diffusion4j classifier train' wrote without any flags.
 */
public final class ClassifierFolder {

    /** Overrides the base folder ({@code ~/.diffusion4j}) of everything diffusion4j keeps per user. */
    public static final String HOME_ENV = "DIFFUSION4J_HOME";
    public static final String DEFAULT_NAME = "lenet5-mnist";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public ClassifierFolder(Path root) {
        this.root = root;
    }

    /** {@code $DIFFUSION4J_HOME/classifiers/lenet5-mnist}, else {@code ~/.diffusion4j/classifiers/lenet5-mnist}. */
    public static Path defaultLocation(Map<String, String> env, Path home) {
        String configured = env.get(HOME_ENV);
        Path base = configured != null && !configured.isBlank() ? Path.of(configured) : home.resolve(".diffusion4j");
        return base.resolve("classifiers").resolve(DEFAULT_NAME);
    }

    /** The folder a user named, or the default location when they named none (null). */
    public static ClassifierFolder explicitOrDefault(Path explicit) {
        return explicit != null ? new ClassifierFolder(explicit) : fromEnvironment();
    }

    /** The default location for this process's environment and user. */
    public static ClassifierFolder fromEnvironment() {
        return new ClassifierFolder(defaultLocation(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    public Path root() {
        return root;
    }

    public Path weightsFile() {
        return root.resolve("weights.d4j");
    }

    public Path descriptionFile() {
        return root.resolve("classifier.json");
    }

    public Path statisticsDir() {
        return root.resolve("statistics");
    }

    public boolean exists() {
        return Files.isRegularFile(weightsFile());
    }

    /** Throws the one-line fix when nothing has been trained here yet. */
    public ClassifierFolder requireTrained() {
        if (!exists()) {
            throw new IllegalArgumentException("no classifier at " + root + ": run 'diffusion4j classifier train' first"
                    + " (or pass --classifier DIR)");
        }
        return this;
    }

    public void writeDescription(ClassifierDescription description) {
        Path file = descriptionFile();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(root);
            JSON.writeValue(temporary.toFile(), description);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    public ClassifierDescription readDescription() {
        Path file = descriptionFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no classifier.json in " + root + ": run 'diffusion4j classifier train' first");
        }
        try {
            return JSON.readValue(file.toFile(), ClassifierDescription.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
