package org.diffusion4j.interop;

import java.nio.file.Path;
import java.util.Map;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.models.graph.Tensors;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Calls an unconditional export's signatures as TF Serving would, for tests that hold them to the Java model. */
final class ExportedCalls {

    private ExportedCalls() {
    }

    /** The sample signature's images (in [0, 1]) for the given start noise. */
    static float[] sample(Path exported, ImageBatch noise) {
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
             TFloat32 x = Tensors.floats(noise.pixels(), noise.shape());
             Result result = bundle.function("sample").call(Map.of("noise", x))) {
            return Tensors.toArray((TFloat32) result.get("images").orElseThrow());
        }
    }

    /** serving_default's noise prediction for x_t at the given timesteps. */
    static float[] denoise(Path exported, ImageBatch noisy, int[] steps) {
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
             TFloat32 x = Tensors.floats(noisy.pixels(), noisy.shape());
             TInt32 t = Tensors.ints(steps, steps.length);
             Result result = bundle.function("serving_default").call(Map.of("x_t", x, "t", t))) {
            return Tensors.toArray((TFloat32) result.get("eps").orElseThrow());
        }
    }
}
