package org.diffusion4j.models;

import org.diffusion4j.core.classifiers.ClassifierDescription;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
        return classifiersRoot(env, home).resolve(DEFAULT_NAME);
    }

    /**
     * Where the classifier of an image folder lives by default: one per folder, size and channel count, named after the
     * folder and a hash of its absolute path, so two folders called "images" never share one.
     */
    public static Path defaultLocationForImages(Map<String, String> env, Path home, Path images, int imageSize, int channels) {
        return classifiersRoot(env, home).resolve("lenet5-" + imageFolderKey(images, imageSize, channels));
    }

    /** An image folder prepared at a size and channel count, as a file name: the folder's name, the settings, a hash of its path. */
    public static String imageFolderKey(Path images, int imageSize, int channels) {
        Path absolute = images.toAbsolutePath().normalize();
        String folderName = absolute.getFileName() == null ? "root" : absolute.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        String pathHash = HexFormat.of().formatHex(sha256(absolute.toString())).substring(0, 8);
        return folderName + "-" + imageSize + "px-" + channels + "ch-" + pathHash;
    }

    private static Path classifiersRoot(Map<String, String> env, Path home) {
        String configured = env.get(HOME_ENV);
        Path base = configured != null && !configured.isBlank() ? Path.of(configured) : home.resolve(".diffusion4j");
        return base.resolve("classifiers");
    }

    /** The folder a user named, or the default location when they named none (null). */
    public static ClassifierFolder explicitOrDefault(Path explicit) {
        return explicit != null ? new ClassifierFolder(explicit) : fromEnvironment();
    }

    /** The folder a user named, or the default for that image folder at that size when they named none (null). */
    public static ClassifierFolder explicitOrDefaultForImages(Path explicit, Path images, int imageSize, int channels) {
        return explicit != null ? new ClassifierFolder(explicit)
                : new ClassifierFolder(defaultLocationForImages(System.getenv(), userHome(), images, imageSize, channels));
    }

    /** The default location for this process's environment and user. */
    public static ClassifierFolder fromEnvironment() {
        return new ClassifierFolder(defaultLocation(System.getenv(), userHome()));
    }

    private static Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
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
        return requireTrained("diffusion4j classifier train");
    }

    /** Throws the one-line fix, naming the command that trains this classifier, when nothing has been trained here yet. */
    public ClassifierFolder requireTrained(String trainingCommand) {
        if (!exists()) {
            throw new IllegalArgumentException("no classifier at " + root + ": run '" + trainingCommand + "' first"
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
