package org.diffusion4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes benchmark reports as JSON: {"reports": [...]}, one report per thread setting. */
public final class BenchJson {

    /** The file's top level; an object rather than a bare array so fields can be added later. */
    public record Reports(List<BenchReport> reports) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchJson() {
    }

    public static void write(List<BenchReport> reports, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MAPPER.writeValue(file.toFile(), new Reports(reports));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark JSON to " + file + ": " + e.getMessage(), e);
        }
    }

    public static Reports read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), Reports.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read benchmark JSON " + file + ": " + e.getMessage(), e);
        }
    }
}
