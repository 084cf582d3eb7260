package org.diffusion4j.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.diffusion4j.evaluation.ClassConditionalScore;
import org.diffusion4j.evaluation.EvaluationRow;
import org.diffusion4j.evaluation.JudgeVerdict;

/**
 * What {@link Evaluation#evaluate()} found, and the JSON `evaluate` writes beside a run. Each part is unwrapped into one
 * flat object whose field names and order are the report's format (docs/results holds reports, and scripts read them).
 *
 * @param images  where the scored images came from
 * @param referee the classifier that scored them and the real images they were compared with
 * @param table   the rows (held-out, train, generated, random) and the judge's verdict
 * @param guided  a conditional run's guidance and per-class scores
 * @param cost    how the network ran and how long it took
 */
public record EvaluationReport(@JsonUnwrapped Images images, @JsonUnwrapped Referee referee, @JsonUnwrapped Table table,
                               @JsonUnwrapped Guided guided, @JsonUnwrapped Cost cost) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where the scored images came from; sampler and steps are null for images read from files. */
    public record Images(String source, String sampler, Integer steps, double eta, long seed, int count) {
    }

    /**
     * The LeNet-5 whose features and labels give the scores, and the real images they are compared with: its accuracy is
     * measured on those (MNIST's test set, or the images a folder run held out). {@code features}: the SavedModel
     * whose features the distances were computed in, null for the classifier's own (the FLD).
     */
    public record Referee(String classifier, String classifierFingerprint, double classifierTestAccuracy, String dataset,
                          String reference, List<String> classNames, String features) {
    }

    /**
     * The rows of the table (the reference, train, generated, random; the reference row has no distances) and what the judge,
     * if any, made of the generated images. KID everywhere is the raw unbiased MMD squared in the features, not scaled.
     */
    public record Table(List<EvaluationRow> rows, int[] testLabelCounts, JudgeVerdict judge) {
    }

    /**
     * A conditional run's guidance, the class mix it was asked for and how often each class came out as asked; all null for an
     * unconditional one.
     */
    public record Guided(Double guidance, Integer guidanceMaxStep, ClassMix classMix, List<ClassConditionalScore> classScores) {
        /** An unconditional run's. */
        public static final Guided NONE = new Guided(null, null, null, null);
    }

    /** How the network ran and how long it took. */
    public record Cost(String precision, double generationSeconds, double wallSeconds) {
    }

    /** The generated images' row. */
    public EvaluationRow generated() {
        return table.rows().get(2);
    }

    /** Writes the report as JSON, replacing {@code file} atomically. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(temporary.toFile(), this);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
