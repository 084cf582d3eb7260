package org.diffusion4j.interop.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.diffusion4j.models.graph.ConvolutionRoute;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.Sessions;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.op.Ops;

/**
 * Writes a clean inference SavedModel: the model is rebuilt in a fresh graph (so no optimizer slots,
 * EMA updates or training ops come along), its weights are assigned, and that graph is exported under
 * the tag "serve" with every signature stamped for TF Serving's predict API.
 */
public final class SavedModelExporter {

    public static final String TAG = "serve";
    /** TF Serving rejects an empty method name when it checks them; predict fits any tensors in, tensors out. */
    public static final String METHOD_NAME = "tensorflow/serving/predict";

    private SavedModelExporter() {
    }

    /** Exports into {@code target.directory()}, which must not exist yet; returns that directory. */
    public static Path export(ExportableModel model, ExportTarget target, int threads) {
        Path directory = target.directory();
        if (Files.exists(directory)) {
            throw new IllegalArgumentException(directory + " already exists; pass another --version or remove it");
        }
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph), ConvolutionRoute.CONV2D);
            List<ExportSignature> signatures = model.build(params);
            try (Session session = Sessions.create(graph, threads)) {
                params.load(session, model.weights(), false);
                Files.createDirectories(directory.getParent());
                SavedModelBundle.Exporter exporter = SavedModelBundle.exporter(directory.toString())
                        .withTags(TAG).withSession(session);
                for (ExportSignature signature : signatures) {
                    exporter.withSignature(signature.toSignature(METHOD_NAME));
                }
                exporter.export();
            }
            stampTensorFlowVersion(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not export to " + directory + ": " + e.getMessage(), e);
        }
        model.manifest().writeInto(directory);
        return directory;
    }

    /**
     * Records the TensorFlow that wrote the graph in every meta graph, as TensorFlow's own exporter does: TF Java's leaves the
     * field empty, and `saved_model_cli` and inspect then cannot tell which kernels a model was written against.
     */
    static void stampTensorFlowVersion(Path directory) throws IOException {
        Path file = directory.resolve("saved_model.pb");
        SavedModel.Builder saved = SavedModel.parseFrom(Files.readAllBytes(file)).toBuilder();
        for (MetaGraphDef.Builder meta : saved.getMetaGraphsBuilderList()) {
            meta.getMetaInfoDefBuilder().setTensorflowVersion(TensorFlow.version());
        }
        Path temporary = file.resolveSibling("saved_model.pb.tmp");
        Files.write(temporary, saved.build().toByteArray());
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
