package org.diffusion4j.interop.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.diffusion4j.core.classifiers.ClassifierDescription;
import org.diffusion4j.interop.InteropJson;
import org.diffusion4j.interop.imports.ClassifierCard;
import org.diffusion4j.interop.imports.DenoiserCard;
import org.diffusion4j.models.runs.ModelSpec;

/**
 * The description written into every export as {@value #ASSET}: what the model is, how to drive it
 * (a complete card) and, for denoisers, the network and schedule it was trained with. Serving ignores
 * the file; diffusion4j's importer reads it so that no flags are needed.
 *
 * @param kind        "denoiser" or "classifier"
 * @param model       the run's network and schedule (denoisers)
 * @param denoiser    how to drive serving_default as a denoiser
 * @param sampleSteps the DDIM steps unrolled into the sample signature
 * @param inputs      the input contract in words, for whoever writes a serving client
 * @param classifier  how to drive the signatures as a classifier (classifiers)
 * @param trained     how the classifier was trained and how accurate it was (classifiers, when known)
 */
public record ExportManifest(String kind, ModelSpec model, DenoiserCard denoiser, Integer sampleSteps, String inputs,
                             ClassifierCard classifier, ClassifierDescription trained) {

    /** Where the manifest lies inside a SavedModel directory. */
    public static final String ASSET = "assets/diffusion4j.json";

    public static ExportManifest denoiser(ModelSpec model, DenoiserCard card, int sampleSteps, String inputs) {
        return new ExportManifest("denoiser", model, card, sampleSteps, inputs, null, null);
    }

    public static ExportManifest classifier(ClassifierCard card, ClassifierDescription trained, String inputs) {
        return new ExportManifest("classifier", null, null, null, inputs, card, trained);
    }

    public void writeInto(Path savedModelDir) {
        InteropJson.write(savedModelDir.resolve(ASSET), this);
    }

    /** The manifest of a diffusion4j export; empty for SavedModels written elsewhere. */
    public static Optional<ExportManifest> readFrom(Path savedModelDir) {
        Path file = savedModelDir.resolve(ASSET);
        return Files.isRegularFile(file) ? Optional.of(InteropJson.read(file, ExportManifest.class)) : Optional.empty();
    }
}
