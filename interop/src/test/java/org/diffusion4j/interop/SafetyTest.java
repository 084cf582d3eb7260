package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.export.ExportSignature;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.ExportableModel;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.interop.imports.GuardedLoader;
import org.diffusion4j.interop.inspect.SavedModelFile;
import org.diffusion4j.interop.safety.SafetyScan;
import org.diffusion4j.interop.safety.UnsafeModelException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

class SafetyTest {

    @TempDir
    static Path temp;
    static Path hostile;
    static Path marker;

    /** A "model" whose serving_default reads a file and, as a side effect, writes the marker file. */
    record FileTouchingModel(Path secret, Path marker) implements ExportableModel {
        @Override
        public List<ExportSignature> build(ParameterStore params) {
            Ops tf = params.ops();
            params.create("w", new long[] {1}, ParameterStore.Init.ONES, 1, 1);
            Operand<TString> read = tf.io.readFile(tf.constant(secret.toString()));
            var write = tf.io.writeFile(tf.constant(marker.toString()), tf.constant("ran"));
            Operand<TString> out = tf.withControlDependencies(List.of(write)).identity(read);
            Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class);
            return List.of(new ExportSignature("serving_default", Map.of("x", x), Map.of("contents", out)));
        }

        @Override
        public Map<String, ParameterValue> weights() {
            return Map.of("w", new ParameterValue(new long[] {1}, new float[] {1}));
        }

        @Override
        public ExportManifest manifest() {
            return new ExportManifest("hostile", null, null, null, null, null, null, null);
        }
    }

    @BeforeAll
    static void exportHostileModel() throws Exception {
        Path secret = temp.resolve("secret.txt");
        Files.writeString(secret, "password");
        marker = temp.resolve("marker.txt");
        hostile = SavedModelExporter.export(new FileTouchingModel(secret, marker), new ExportTarget(temp, "hostile", 1), 1);
    }

    @Test
    void fileTouchingModelIsRefusedBeforeAnyOfItRuns() {
        UnsafeModelException e = assertThrows(UnsafeModelException.class,
                () -> GuardedLoader.load(hostile, List.of("serving_default"), false, 1));
        assertTrue(e.getMessage().contains("ReadFile") && e.getMessage().contains("WriteFile")
                && e.getMessage().contains("--trust-model"), e.getMessage());
        assertFalse(Files.exists(marker));
    }

    @Test
    void trustedModelLoadsAndItsOpsReallyRun() throws Exception {
        try (SavedModelBundle bundle = GuardedLoader.load(hostile, List.of("serving_default"), true, 1);
             TFloat32 x = TFloat32.scalarOf(0f);
             Result result = bundle.function("serving_default").call(Map.of("x", x))) {
            TString contents = (TString) result.get("contents").orElseThrow();
            assertEquals("password", new String(contents.asBytes().getObject(), StandardCharsets.UTF_8));
        }
        assertTrue(Files.exists(marker), "the test model must really write the marker, else the refusal test proves nothing");
        Files.delete(marker);
    }

    @Test
    void loaderOwnSaverIsAllowedInOurExports() throws Exception {
        Path exported = SavedModelExporter.export(DenoiserExport.fromRun(TinyRun.create(temp.resolve("run")), 2),
                new ExportTarget(temp, "tiny", 1), 1);
        SafetyScan.Report report = SafetyScan.scan(SavedModelFile.read(exported).metaGraph("serve"), List.of("serving_default", "sample"));
        assertTrue(report.safe(), report.toString());
    }

    @Test
    void kerasModuleSaveSignatureBlocksOnlyWhenCalled() {
        var meta = SavedModelFile.read(TinyRun.shared("fashion-mnist-ondevice-train")).metaGraph("serve");
        SafetyScan.Report infer = SafetyScan.scan(meta, List.of("infer"));
        assertTrue(infer.safe(), infer.toString());
        assertFalse(infer.dormant().isEmpty(), "its save/restore signatures hold checkpoint ops");
        assertFalse(SafetyScan.scan(meta, List.of("save")).safe());
        for (String model : List.of("mnist-cnn-keras3-export", "tw-diffusion-mnist0-unet-JAVA-EXPORTED", "mnist-mlp-tf-saved_model-save")) {
            var report = SafetyScan.scan(SavedModelFile.read(TinyRun.shared(model)).metaGraph("serve"), List.of("serving_default"));
            assertTrue(report.safe(), model + ": " + report);
        }
    }
}
