package org.diffusion4j.interop.keras;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Tensors;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Reads float tensors by key from a TF2 object-based checkpoint (Keras save_weights), e.g.
 * "encoder_layers/0/kernel/.ATTRIBUTES/VARIABLE_VALUE", with TensorFlow's own RestoreV2 kernel in a
 * throw-away graph, so the tensor bundle format never has to be parsed in Java.
 */
public final class Tf2Checkpoint {

    private static final Pattern CHECKPOINT_PATH = Pattern.compile("model_checkpoint_path:\\s*\"([^\"]+)\"");

    private Tf2Checkpoint() {
    }

    /**
     * The checkpoint prefix: a folder's latest checkpoint (from its "checkpoint" file), or the prefix
     * itself (the path without .index).
     */
    public static Path prefix(Path folderOrPrefix) {
        if (Files.isDirectory(folderOrPrefix)) {
            Path state = folderOrPrefix.resolve("checkpoint");
            try {
                Matcher m = CHECKPOINT_PATH.matcher(Files.isRegularFile(state) ? Files.readString(state) : "");
                if (!m.find()) {
                    throw new IllegalArgumentException(folderOrPrefix + " has no 'checkpoint' file naming the latest checkpoint; "
                            + "pass the checkpoint prefix (the path without .index)");
                }
                return folderOrPrefix.resolve(m.group(1));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + state, e);
            }
        }
        if (!Files.isRegularFile(Path.of(folderOrPrefix + ".index"))) {
            throw new IllegalArgumentException("no TF2 checkpoint at " + folderOrPrefix + " (no " + folderOrPrefix.getFileName()
                    + ".index)");
        }
        return folderOrPrefix;
    }

    /** Reads the given checkpoint keys; the result maps each key's name (the map key) to its value. */
    public static Map<String, ParameterValue> read(Path folderOrPrefix, Map<String, String> keysByName) {
        Path prefix = prefix(folderOrPrefix);
        List<String> names = new ArrayList<>(keysByName.keySet());
        String[] keys = names.stream().map(keysByName::get).toArray(String[]::new);
        String[] slices = new String[keys.length];
        java.util.Arrays.fill(slices, "");
        Map<String, ParameterValue> values = new LinkedHashMap<>();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            List<Class<? extends TType>> types = new ArrayList<>(Collections.nCopies(keys.length, TFloat32.class));
            Operand<TString> path = tf.constant(prefix.toString());
            Restore restore = tf.train.restore(path, tf.constant(StandardCharsets.UTF_8, keys), tf.constant(StandardCharsets.UTF_8, slices), types);
            Session.Runner runner = session.runner();
            restore.tensors().forEach(runner::fetch);
            try (Result result = runner.run()) {
                for (int i = 0; i < names.size(); i++) {
                    TFloat32 tensor = (TFloat32) result.get(i);
                    Shape shape = tensor.shape();
                    values.put(names.get(i), new ParameterValue(shape.asArray(), Tensors.toArray(tensor)));
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            String first = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("could not read " + prefix + ": " + first
                    + " (is this the checkpoint of the model being built?)", e);
        }
        return values;
    }
}
