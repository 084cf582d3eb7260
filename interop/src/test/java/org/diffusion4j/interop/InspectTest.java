package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.diffusion4j.interop.imports.SignatureChoice;
import org.diffusion4j.interop.inspect.ModelInspection;
import org.diffusion4j.interop.inspect.SavedModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectTest {

    static ModelInspection inspect(Path dir) {
        return ModelInspection.of(SavedModelFile.read(dir), "serve");
    }

    @Test
    void keras3ExportReport() {
        ModelInspection model = inspect(TinyRun.shared("mnist-cnn-keras3-export"));
        assertEquals("2.19.0", model.writtenBy().version());
        assertTrue(model.callableKeys().contains("serving_default"));
        var signature = SignatureChoice.choose(model, null);
        assertEquals("tensorflow/serving/predict", signature.methodName());
        assertEquals("float [-1,28,28,1]", signature.input("keras_tensor").dtype() + " " + signature.input("keras_tensor").shapeText());
        assertTrue(model.variables() > 0);
        assertTrue(model.census().libraryOps().containsKey("Conv2D"), model.census().libraryOps().toString());
        String text = model.format();
        assertTrue(text.contains("meta graph tags: [serve] (saved_model.pb holds [[serve]])") && text.contains("function library:"), text);
    }

    @Test
    void hardCasesNameWhatIsThere() {
        Path noSignature = TinyRun.shared("lenet-mnist-tfmodule-nosig");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> SignatureChoice.choose(inspect(noSignature), null));
        assertTrue(none.getMessage().contains("no callable signature") && none.getMessage().contains("__saved_model_init_op"),
                none.getMessage());
        ModelInspection fashion = inspect(TinyRun.shared("fashion-mnist-ondevice-train"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SignatureChoice.choose(fashion, null));
        assertTrue(missing.getMessage().contains("has no signature 'serving_default'; it has: infer, restore, save, train; pass --signature NAME"),
                missing.getMessage());
        assertEquals("infer", SignatureChoice.choose(fashion, "infer").key());
    }

    @Test
    void notASavedModel(@TempDir Path empty) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModelFile.read(empty));
        assertTrue(e.getMessage().contains("no saved_model.pb"), e.getMessage());
    }
}
