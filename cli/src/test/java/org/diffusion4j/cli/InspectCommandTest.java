package org.diffusion4j.cli;

import static org.diffusion4j.cli.InteropCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** inspect on TF1 SavedModels whose meta graphs are not tagged serve, or that hold several. */
class InspectCommandTest {

    /**
     * A SavedModel with two meta graphs, as TF1's builder writes them: the first tagged 'tag' (signature 'double'),
     * the second 'train, gpu' (signature 'triple').
     */
    static Path twoMetaGraphs(Path dir) throws IOException {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
            var doubled = tf.withName("doubled").math.mul(x, tf.constant(2f));
            var tripled = tf.withName("tripled").math.mul(x, tf.constant(3f));
            try (Session session = new Session(graph)) {
                SavedModelBundle.exporter(dir.toString()).withTags("tag").withSession(session)
                        .withSignature(Signature.builder("double").methodName("tensorflow/serving/predict").input("x", x).output("y", doubled).build())
                        .export();
            }
            // TF Java writes one meta graph; TF1's SavedModelBuilder adds one per tag set, sharing the variables.
            Path pb = dir.resolve("saved_model.pb");
            SavedModel model;
            try (InputStream in = Files.newInputStream(pb)) {
                model = SavedModel.parseFrom(in);
            }
            MetaGraphDef first = model.getMetaGraphs(0);
            MetaGraphDef.Builder second = first.toBuilder();
            second.getMetaInfoDefBuilder().clearTags().addTags("train").addTags("gpu");
            second.clearSignatureDef().putSignatureDef("triple", first.getSignatureDefOrThrow("double").toBuilder()
                    .putOutputs("y", first.getSignatureDefOrThrow("double").getOutputsOrThrow("y").toBuilder().setName("tripled:0").build())
                    .build());
            try (OutputStream out = Files.newOutputStream(pb)) {
                model.toBuilder().addMetaGraphs(second).build().writeTo(out);
            }
            return dir;
        }
    }

    @Test
    void listsEveryMetaGraphThenDetailsEach(@TempDir Path temp) throws IOException {
        Path model = twoMetaGraphs(temp.resolve("model"));
        String report = run(new InspectCommand(), model.toString());
        assertTrue(report.contains("meta graphs: 2\n  #1 tags: tag\n  #2 tags: train, gpu\n"), report);
        int first = report.indexOf("meta graph #1 (tags: tag)");
        int second = report.indexOf("meta graph #2 (tags: train, gpu)");
        assertTrue(first > 0 && second > first, report);
        String one = report.substring(first, second);
        String two = report.substring(second);
        assertTrue(one.contains("  double  method tensorflow/serving/predict") && one.contains("double: ok") && !one.contains("triple"), one);
        assertTrue(two.contains("  triple  method tensorflow/serving/predict") && two.contains("triple: ok") && !two.contains("double"), two);
    }

    @Test
    void tagChoosesOneMetaGraph(@TempDir Path temp) throws IOException {
        Path model = twoMetaGraphs(temp.resolve("model"));
        String report = run(new InspectCommand(), model.toString(), "--tag", "gpu");
        assertTrue(report.contains("  #1 tags: tag\n"), "the overview still lists every meta graph: " + report);
        assertFalse(report.contains("meta graph #1 ("), report);
        assertTrue(report.contains("meta graph #2 (tags: train, gpu)") && report.contains("triple: ok"), report);
    }

    @Test
    void unknownTagIsOneLineNamingTheTags(@TempDir Path temp) throws IOException {
        Path model = twoMetaGraphs(temp.resolve("model"));
        InspectCommand command = new InspectCommand();
        new CommandLine(command).parseArgs(model.toString(), "--tag", "serve");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::call);
        assertEquals("SavedModel " + model + " has no meta graph tagged 'serve'; it has [[tag], [train, gpu]]; pass --tag with one of those",
                e.getMessage());
    }
}
