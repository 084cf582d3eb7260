package org.diffusion4j.interop.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * A SavedModel's saved_model.pb read as a protocol buffer, without loading anything into TensorFlow: so
 * it can be inspected and checked before any of its graph can run.
 */
public final class SavedModelFile {

    public static final String SERVE_TAG = "serve";

    private final Path directory;
    private final SavedModel savedModel;

    private SavedModelFile(Path directory, SavedModel savedModel) {
        this.directory = directory;
        this.savedModel = savedModel;
    }

    public static SavedModelFile read(Path directory) {
        Path file = directory.resolve("saved_model.pb");
        if (!Files.isRegularFile(file)) {
            String hint = Files.isRegularFile(directory.resolve("saved_model.pbtxt")) ? " (only saved_model.pbtxt, which is not supported)"
                    : Files.isDirectory(directory) ? "" : " (no such directory)";
            throw new IllegalArgumentException(directory + " is not a SavedModel directory: no saved_model.pb" + hint
                    + "; pass the folder that holds saved_model.pb and variables/");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new SavedModelFile(directory, SavedModel.parseFrom(in));
        } catch (IOException e) {
            throw new UncheckedIOException(file + " could not be read as a SavedModel: " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return directory;
    }

    public SavedModel proto() {
        return savedModel;
    }

    /** The tag sets of every meta graph, e.g. [[serve]]. */
    public List<List<String>> tagSets() {
        List<List<String>> tags = new ArrayList<>();
        for (MetaGraphDef meta : savedModel.getMetaGraphsList()) {
            tags.add(List.copyOf(meta.getMetaInfoDef().getTagsList()));
        }
        return tags;
    }

    /** Every meta graph in saved_model.pb, in file order (a TF1 SavedModel may hold several, e.g. serve and train). */
    public List<MetaGraphDef> metaGraphs() {
        return savedModel.getMetaGraphsList();
    }

    /** The meta graphs whose tag set contains {@code tag}, or a message listing the tag sets there are. */
    public List<MetaGraphDef> metaGraphsTagged(String tag) {
        List<MetaGraphDef> tagged = metaGraphs().stream().filter(m -> m.getMetaInfoDef().getTagsList().contains(tag)).toList();
        if (tagged.isEmpty()) {
            throw noSuchTag(tag);
        }
        return tagged;
    }

    private IllegalArgumentException noSuchTag(String tag) {
        return new IllegalArgumentException("SavedModel " + directory + " has no meta graph tagged '" + tag + "'; it has " + tagSets()
                + "; pass --tag with one of those");
    }

    /** The first meta graph with the given tag, or a message listing the tag sets there are. */
    public MetaGraphDef metaGraph(String tag) {
        for (MetaGraphDef meta : savedModel.getMetaGraphsList()) {
            if (meta.getMetaInfoDef().getTagsList().contains(tag)) {
                return meta;
            }
        }
        throw noSuchTag(tag);
    }
}
