package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.imports.DenoiserCard;
import org.diffusion4j.interop.imports.SavedModelDenoiser;
import org.diffusion4j.interop.keras.TwCheckpointDenoiser;
import org.diffusion4j.interop.keras.TwDiffusionNet;
import org.diffusion4j.core.samplers.SampleNoise;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

class TwCheckpointTest {

    @Test
    void javaBuiltNetworkWithCheckpointWeightsMatchesTheExportedCopy() {
        ImageBatch noisy = SampleNoise.gaussian(4, 32, 32, 1, new SplittableRandom(6));
        int[] t = {0, 17, 130, 249};
        DenoiserCard card = InteropJson.read(Path.of("cards", "tw-diffusion-mnist0.json"), DenoiserCard.class);
        try (TwCheckpointDenoiser fromCheckpoint = new TwCheckpointDenoiser(TinyRun.shared("tw-diffusion-mnist0-tf-checkpoint"), 1);
             SavedModelDenoiser exported = SavedModelDenoiser.open(TinyRun.shared("tw-diffusion-mnist0-unet-JAVA-EXPORTED"), card, null, false, 1)) {
            float[] a = fromCheckpoint.predictNoise(noisy, t).pixels();
            float[] b = exported.predictNoise(noisy, t).pixels();
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            System.out.println("tw checkpoint vs exported: largest difference " + worst);
            assertTrue(worst < 1e-5, "largest difference " + worst);
        }
    }

    @Test
    void networkHasTheDocumentedParameterCount() {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new TwDiffusionNet(params);
            assertEquals(130_595, params.trainableParameterCount());
        }
    }

    @Test
    void missingCheckpointIsOneClearLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TwCheckpointDenoiser(Path.of("no-such-checkpoint"), 1));
        assertTrue(e.getMessage().startsWith("no TF2 checkpoint at no-such-checkpoint"), e.getMessage());
    }
}
