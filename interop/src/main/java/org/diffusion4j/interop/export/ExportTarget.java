package org.diffusion4j.interop.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * TF Serving's layout: {@code <base>/<model-name>/<version>/}, where the server loads the highest numeric
 * version. Exports never overwrite: a version is written once.
 */
public record ExportTarget(Path base, String modelName, long version) {

    public ExportTarget {
        if (modelName == null || !modelName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("model name '" + modelName + "' must be letters, digits, '.', '_' or '-'");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be a positive integer, got " + version);
        }
    }

    /** The next version after the highest already under {@code base/modelName} (1 when none). */
    public static ExportTarget nextVersion(Path base, String modelName) {
        Path folder = base.resolve(modelName);
        long highest = 0;
        if (Files.isDirectory(folder)) {
            try (Stream<Path> children = Files.list(folder)) {
                highest = children.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{1,18}"))
                        .mapToLong(Long::parseLong).max().orElse(0);
            } catch (IOException e) {
                throw new UncheckedIOException("could not list " + folder, e);
            }
        }
        return new ExportTarget(base, modelName, highest + 1);
    }

    public Path directory() {
        return base.resolve(modelName).resolve(Long.toString(version));
    }
}
