package org.diffusion4j.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The CSV logs a run appends to as it goes (history.csv, steps.csv, a distillation's history, the quality curve) and cuts back
 * to its checkpoint when it resumes, so that the rows a killed process wrote after its last checkpoint are written once.
 */
public final class CsvRows {

    private CsvRows() {
    }

    /** Keeps the well-formed rows of a CSV log whose step is at most {@code upToStep}; replaces the file atomically. */
    public static List<String> trimToStep(Path file, String header, long upToStep, ToLongFunction<String> stepOf) {
        List<String> kept = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return kept;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.equals(header)) {
                    continue;
                }
                long step;
                try {
                    step = stepOf.applyAsLong(line);
                } catch (RuntimeException torn) {
                    continue;
                }
                if (step <= upToStep) {
                    kept.add(line);
                }
            }
            List<String> lines = new ArrayList<>(kept);
            lines.add(0, header);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, lines);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not rewrite " + file + ": " + e.getMessage(), e);
        }
        return kept;
    }

    /** Appends a row, writing the header first into a new file. */
    public static void append(Path file, String header, String line) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, header + System.lineSeparator());
            }
            Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
