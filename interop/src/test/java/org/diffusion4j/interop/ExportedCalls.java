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

    /**
     * The edit signature's images (in [0, 1]) for images in [0, 1], a one-channel mask (1 repaints), the noise and the first step;
     * {@code labels} and {@code guidance} for a conditional export (else null).
     */
    static float[] edit(Path exported, ImageBatch unitImages, float[] mask, ImageBatch noise, int startStep, int[] labels, Float guidance) {
        long[] maskShape = {unitImages.count(), unitImages.height(), unitImages.width(), 1};
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
             TFloat32 image = Tensors.floats(unitImages.pixels(), unitImages.shape());
             TFloat32 m = Tensors.floats(mask, maskShape);
             TFloat32 x = Tensors.floats(noise.pixels(), noise.shape());
             TInt32 start = TInt32.scalarOf(startStep);
             TInt32 y = labels == null ? null : Tensors.ints(labels, labels.length);
             TFloat32 w = guidance == null ? null : TFloat32.scalarOf(guidance)) {
            java.util.Map<String, org.tensorflow.Tensor> inputs = new java.util.HashMap<>(Map.of("image", image, "mask", m, "noise", x,
                    "start_step", start));
            if (y != null) {
                inputs.put("labels", y);
                inputs.put("guidance", w);
            }
            try (Result result = bundle.function("edit").call(inputs)) {
                return Tensors.toArray((TFloat32) result.get("images").orElseThrow());
            }
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
