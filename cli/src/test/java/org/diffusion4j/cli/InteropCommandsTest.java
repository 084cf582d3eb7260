package org.diffusion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.networks.UNet;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import picocli.CommandLine;

class InteropCommandsTest {

    /** A shared Keras/TensorFlow SavedModel; the calling test is skipped when it is absent. */
    static Path shared(String model) {
        return TestData.model(model);
    }

    static String run(Object command, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertEquals(0, new CommandLine(command).execute(args));
        } finally {
            System.setOut(original);
        }
        return out.toString();
    }

    @Test
    void exportThenInspectThenSampleWithoutFlags(@TempDir Path temp) {
        UNetConfig config = UNetConfig.builder().imageSize(8).modelChannels(8).channelMultipliers(List.of(1, 2)).groups(4)
                .attentionHeads(2).timesteps(10).build();
        RunFolder runFolder = new RunFolder(temp.resolve("tiny"));
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new UNet(params, config);
            runFolder.writeJson(runFolder.modelSpecFile(), new ModelSpec(config, "linear"));
            ParameterFile.write(runFolder.checkpointFile(), Map.of(), params.initialValues(1));
        }
        String exported = run(new ExportCommand(), "--run", runFolder.root().toString(), "--base", temp.resolve("serving").toString(),
                "--sample-steps", "3", "--threads", "1");
        Path model = temp.resolve("serving/tiny/1");
        assertTrue(exported.contains(model.toString()), exported);
        String report = run(new InspectCommand(), model.toString());
        assertTrue(report.contains("sample  method tensorflow/serving/predict") && report.contains("serving_default: ok"), report);
        Path png = temp.resolve("s.png");
        run(new ImportedSampleCommand(), model.toString(), "--count", "2", "--steps", "3", "--size", "8", "--out", png.toString(),
                "--threads", "1");
        assertTrue(Files.isRegularFile(png));
    }

    @Test
    void kerasDenoiserSamplesThroughTheChainWithItsCard(@TempDir Path temp) {
        Path png = temp.resolve("zeros.png");
        String out = run(new ImportedSampleCommand(), shared("tw-diffusion-mnist0-unet-JAVA-EXPORTED").toString(),
                "--card", "../interop/cards/tw-diffusion-mnist0.json", "--count", "4", "--out", png.toString(), "--threads", "2");
        assertTrue(out.contains("wrote 4 images"), out);
        assertTrue(Files.isRegularFile(png));
    }

    /** The raw Keras checkpoint, rebuilt in Java, draws exactly the images the exported copy draws. */
    @Test
    void kerasCheckpointSamplesLikeTheExport(@TempDir Path temp) throws Exception {
        Path fromExport = temp.resolve("export.png");
        Path fromCheckpoint = temp.resolve("checkpoint.png");
        String card = "../interop/cards/tw-diffusion-mnist0.json";
        run(new ImportedSampleCommand(), shared("tw-diffusion-mnist0-unet-JAVA-EXPORTED").toString(),
                "--card", card, "--count", "4", "--seed", "3", "--out", fromExport.toString(), "--threads", "2");
        String out = run(new ImportedSampleCommand(), shared("tw-diffusion-mnist0-tf-checkpoint").toString(), "--tw-checkpoint",
                "--card", card, "--count", "4", "--seed", "3", "--out", fromCheckpoint.toString(), "--threads", "2");
        assertTrue(out.contains("wrote 4 images"), out);
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(fromExport), Files.readAllBytes(fromCheckpoint)),
                "the checkpoint's samples differ from the export's");
    }

    @Test
    void noServingDefaultNamesTheSignatures() {
        ImportedSampleCommand command = new ImportedSampleCommand();
        new CommandLine(command).parseArgs(shared("fashion-mnist-ondevice-train").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::call);
        assertTrue(e.getMessage().contains("it has: infer, restore, save, train; pass --signature NAME"), e.getMessage());
    }

    @Test
    void classifyReportsKerasAccuracy() {
        Path model = shared("mnist-cnn-keras3-export");
        Path mnist = TestData.mnist();
        int count = Math.min(2000, TestData.testDigits(mnist));
        String out = run(new ClassifyCommand(), model.toString(), "--card",
                "../interop/cards/mnist-cnn-keras3-export.json", "--count", Integer.toString(count), "--data",
                mnist.toString(), "--offline", "-q");
        assertTrue(out.matches("(?s).*: 9[5-9]\\.\\d\\d% on " + count + " mnist test images.*"), out);
    }

    @Test
    void classifyWithoutCardInfersTheRestAndNotesThePixelAssumption() {
        Path model = shared("mnist-cnn-keras3-export");
        Path mnist = TestData.mnist();
        String out = run(new ClassifyCommand(), model.toString(), "--count", "1000", "--data", mnist.toString(), "--offline", "-q");
        assertEquals(1, out.lines().filter(l -> l.startsWith("note: ")).count(), out);
        assertTrue(out.contains("note: assuming pixels in 0..1 (Keras' convention); pass --card to override\n"), out);
        assertTrue(out.matches("(?s).*: 9[5-9]\\.\\d\\d% on 1000 mnist test images.*"), out);
    }
}
