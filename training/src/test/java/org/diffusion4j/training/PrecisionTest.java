package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.denoisers.NetworkDenoiser;
import org.diffusion4j.graph.Initialization;
import org.diffusion4j.images.ImageBatch;
import org.diffusion4j.graph.ParameterValue;
import org.diffusion4j.graph.Precision;
import org.diffusion4j.graph.models.BlockType;
import org.diffusion4j.graph.models.UNetConfig;
import org.diffusion4j.runs.RunFolder;
import org.diffusion4j.schedules.CosineSchedule;
import org.diffusion4j.training.bench.RandomWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mixed bfloat16 gives the float32 results to bfloat16's accuracy; older run files read as float32. */
class PrecisionTest {

    private static final UNetConfig MODEL = new UNetConfig(16, 1, 16, List.of(1, 2), 1, BlockType.RES_BLOCK, 4, 4, 20);

    @Test
    void bf16PredictsTheFloat32NoiseToBfloat16Accuracy() {
        Map<String, ParameterValue> weights = RandomWeights.of(MODEL, 3);
        int batch = 8;
        float[] images = gaussian(batch * 16 * 16, 1);
        int[] timesteps = new int[batch];
        for (int i = 0; i < batch; i++) {
            timesteps[i] = 2 * i + 1;
        }
        float[] reference;
        float[] mixed;
        try (NetworkDenoiser fp32 = new NetworkDenoiser(MODEL, weights, 1, Precision.FP32);
             NetworkDenoiser bf16 = new NetworkDenoiser(MODEL, weights, 1, Precision.BF16)) {
            ImageBatch noisy = new ImageBatch(images, batch, 16, 16, 1);
            reference = fp32.predictNoise(noisy, timesteps).pixels();
            mixed = bf16.predictNoise(noisy, timesteps).pixels();
        }
        double error = 0;
        double norm = 0;
        for (int i = 0; i < reference.length; i++) {
            error += (mixed[i] - reference[i]) * (double) (mixed[i] - reference[i]);
            norm += reference[i] * (double) reference[i];
        }
        double relative = Math.sqrt(error / norm);
        // bfloat16 keeps 8 significant bits (relative rounding 2^-9 = 0.2% per value); through a dozen
        // layers the errors add up to about 1%, never to the tens of percent a wrong rewrite would give.
        assertTrue(relative < 0.03, "relative RMS difference " + relative);
        if (Precision.BF16.nativeOnThisCpu()) {
            assertTrue(relative > 0, "on a bfloat16 CPU the rewrite should change the arithmetic");
        }
    }

    @Test
    void bf16TrainingFollowsTheFloat32Loss() {
        float[] losses32 = train(Precision.FP32);
        float[] losses16 = train(Precision.BF16);
        for (int step = 0; step < losses32.length; step++) {
            assertEquals(losses32[step], losses16[step], 0.03 * losses32[step], "loss at step " + step);
        }
    }

    private static float[] train(Precision precision) {
        float[] batch = gaussian(16 * 16 * 16, 7);
        float[] losses = new float[6];
        try (TrainingGraph graph = new TrainingGraph(MODEL, new CosineSchedule(20), TrainingObjective.of(LossType.MSE), 1, precision)) {
            graph.initialize(1, Initialization.FAN_IN);
            for (int step = 0; step < losses.length; step++) {
                losses[step] = graph.step(batch, 16, 5, step, 1e-3, 0.9);
            }
        }
        return losses;
    }

    @Test
    void runsSavedBeforePrecisionExistedReadAsFloat32(@TempDir Path folder) throws Exception {
        RunFolder run = new RunFolder(folder);
        TrainingConfig config = new TrainingConfig(1, 8, 1e-3, 0, false, LossType.MSE, 0.9, 1, 0, 0, Initialization.GLOROT);
        run.writeJson(run.trainingConfigFile(), config);
        String saved = Files.readString(run.trainingConfigFile());
        assertTrue(saved.contains("\"precision\" : \"FP32\""), saved);
        Files.writeString(run.trainingConfigFile(), saved.replace(",\n  \"precision\" : \"FP32\"", ""));
        assertEquals(Precision.FP32, run.readJson(run.trainingConfigFile(), TrainingConfig.class).precision());
        assertEquals(Precision.BF16, config.withPrecision(Precision.BF16).precision());
    }

    @Test
    void unknownPrecisionNamesTheChoices() {
        assertEquals(Precision.BF16, Precision.parse(" BF16 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertEquals("unknown precision 'fp16'; use fp32 or bf16", e.getMessage());
    }

    private static float[] gaussian(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
