package org.diffusion4j.interop.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * @param classNames  what each label means, in label order, for a model trained on a folder's named classes; null for
 *                    MNIST's digits and unconditional models
 */
public record ExportManifest(String kind, ModelSpec model, DenoiserCard denoiser, Integer sampleSteps, String inputs,
                             ClassifierCard classifier, ClassifierDescription trained, List<String> classNames) {

    /** Where the manifest lies inside a SavedModel directory. */
    public static final String ASSET = "assets/diffusion4j.json";
    /**
     * The class names, one per line, line k naming label k: the file a TensorFlow Serving client reads, as Keras' and TF Hub's
     * classifiers ship a labels file in assets.
     */
    public static final String CLASSES_ASSET = "assets/classes.txt";

    public static ExportManifest denoiser(ModelSpec model, DenoiserCard card, int sampleSteps, String inputs, List<String> classNames) {
        return new ExportManifest("denoiser", model, card, sampleSteps, inputs, null, null, classNames);
    }

    public static ExportManifest classifier(ClassifierCard card, ClassifierDescription trained, String inputs, List<String> classNames) {
        return new ExportManifest("classifier", null, null, null, inputs, card, trained, classNames);
    }

    /** Writes the manifest and, for a model with class labels, the class names file. */
    public void writeInto(Path savedModelDir) {
        InteropJson.write(savedModelDir.resolve(ASSET), this);
        if (classNames != null) {
            try {
                Files.write(savedModelDir.resolve(CLASSES_ASSET), classNames, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + savedModelDir.resolve(CLASSES_ASSET) + ": " + e.getMessage(), e);
            }
        }
    }

    /** The manifest of a diffusion4j export; empty for SavedModels written elsewhere. */
    public static Optional<ExportManifest> readFrom(Path savedModelDir) {
        Path file = savedModelDir.resolve(ASSET);
        return Files.isRegularFile(file) ? Optional.of(InteropJson.read(file, ExportManifest.class)) : Optional.empty();
    }
}
