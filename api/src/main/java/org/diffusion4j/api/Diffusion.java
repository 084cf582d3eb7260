package org.diffusion4j.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.models.runs.Sampling;

/**
 * The library's entry point for using a trained model:
 * <pre>{@code
 * try (DiffusionModel model = Diffusion.open(Path.of("runs/mnist"))) {
 *     model.generate(16, 42).writeGrid(Path.of("digits.png"));
 * }
 * }</pre>
 * It opens a training run folder (model.json and checkpoint.d4j), a diffusion4j export (a SavedModel, or the TF Serving
 * folder holding its numbered versions, of which the highest is taken) or any other SavedModel denoiser given its card in
 * {@link OpenOptions#card()}. Training, evaluation and export start from {@link TrainingRun}, {@link Evaluation} and
 * {@link Export}.
 */
public final class Diffusion {

    private Diffusion() {
    }

    /** Opens {@code folder} with the {@link OpenOptions#DEFAULTS}. */
    public static DiffusionModel open(Path folder) {
        return open(folder, OpenOptions.DEFAULTS);
    }

    /**
     * The sampler a training run folder records as the one it was made for (a distilled student's steps on the grid it
     * learnt), without opening its weights; empty for other runs and for exports, whose default sampler is the caller's.
     */
    public static Optional<SamplerSpec> recordedSampler(Path folder) {
        if (folder == null || !Files.isRegularFile(folder.resolve("model.json"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(new RunFolder(folder).modelSpec().sampling()).map(Sampling::sampler);
    }

    /** Opens {@code folder}, whatever it holds, as {@code options} say; fails in one line naming what the folder lacks. */
    public static DiffusionModel open(Path folder, OpenOptions options) {
        if (options.twCheckpoint()) {
            return OpenedModel.twCheckpoint(folder, options);
        }
        if (Files.isRegularFile(folder.resolve("model.json"))) {
            return OpenedModel.run(folder, options);
        }
        Optional<Path> savedModel = savedModelIn(folder);
        if (savedModel.isPresent()) {
            return OpenedModel.savedModel(savedModel.get(), options);
        }
        throw new IllegalArgumentException(folder + " is not a diffusion4j run folder (no model.json) nor a SavedModel (no saved_model.pb, "
                + "and no numbered version folder holding one); train a run with 'diffusion4j train --run " + folder
                + "' or point at an export");
    }

    /** The folder itself when it holds saved_model.pb, else its highest numbered version that does (TF Serving's layout). */
    private static Optional<Path> savedModelIn(Path folder) {
        if (Files.isRegularFile(folder.resolve("saved_model.pb"))) {
            return Optional.of(folder);
        }
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().matches("\\d{1,18}"))
                    .filter(p -> Files.isRegularFile(p.resolve("saved_model.pb")))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
