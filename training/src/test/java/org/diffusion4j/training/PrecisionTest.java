package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.models.networks.RandomWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mixed bfloat16 gives the float32 results to bfloat16's accuracy; older run files read as float32. */
class PrecisionTest {

    private static final UNetConfig MODEL = UNetConfig.builder().imageSize(16).channelMultipliers(List.of(1, 2)).groups(4)
            .timesteps(20).build();

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

    /**
     * The gradient of one step, read back from Adam's first moment (m = (1 - beta1) g after one step from zero),
     * so that the comparison does not hinge on Adam's first update, which moves every weight by about the learning
     * rate times the sign of its gradient whatever the gradient's size. Measured on AMD Zen 5 (avx512_bf16) over
     * seeds 1-6: relative RMS 0.36% to 0.70%, step-0 loss within 0.05%, and over 12 steps the losses within 2.8%;
     * with the convolutions' input gradients in bfloat16 the gradients were 58% to 73% off, or NaN.
     */
    @Test
    void bf16TrainingComputesTheFloat32Gradient() {
        assumeTrue(Precision.BF16.trainingProblem().isEmpty(),
                () -> "bf16 training is refused on this machine: " + Precision.BF16.trainingProblem().orElseThrow());
        for (long seed : new long[] {1, 4}) {
            Training fp32 = train(Precision.FP32, seed);
            Training bf16 = train(Precision.BF16, seed);
            assertEquals(fp32.losses[0], bf16.losses[0], 0.01 * fp32.losses[0], "loss before the first update");
            double error = 0;
            double norm = 0;
            for (Map.Entry<String, float[]> e : fp32.gradients.entrySet()) {
                float[] reference = e.getValue();
                float[] mixed = bf16.gradients.get(e.getKey());
                for (int i = 0; i < reference.length; i++) {
                    error += (mixed[i] - reference[i]) * (double) (mixed[i] - reference[i]);
                    norm += reference[i] * (double) reference[i];
                }
            }
            double relative = Math.sqrt(error / norm);
            // Three times the largest measured difference; a wrong kernel gives tens of percent.
            assertTrue(relative < 0.02, "seed " + seed + ": relative RMS difference of the gradients " + relative);
            for (int step = 0; step < fp32.losses.length; step++) {
                assertTrue(Float.isFinite(bf16.losses[step]), "bf16 loss at step " + step + " is " + bf16.losses[step]);
                // Adam's sign-sized first updates let the curves part by a few percent (2.8% measured), not more.
                assertEquals(fp32.losses[step], bf16.losses[step], 0.08 * fp32.losses[step], "loss at step " + step);
            }
        }
    }

    @Test
    void bf16TrainingIsRefusedWhereItWouldBeWrong() {
        String fix = Precision.ALLOWLIST_REMOVE_VARIABLE;
        assertTrue(Precision.FP32.trainingProblem(Map.of(), false).isEmpty());
        assertTrue(Precision.BF16.trainingProblem(Map.of(fix, "MatMul, Conv2DBackpropInput"), true).isEmpty());
        String missing = Precision.BF16.trainingProblem(Map.of(), true).orElseThrow();
        assertTrue(missing.contains(fix + "=Conv2DBackpropInput") && missing.contains("--precision fp32"), missing);
        String emulated = Precision.BF16.trainingProblem(Map.of(fix, "Conv2DBackpropInput"), false).orElseThrow();
        assertTrue(emulated.contains("bfloat16 units") && emulated.contains("--precision fp32"), emulated);
    }

    /** The losses of 12 steps on one batch, and the gradient of the first. */
    private record Training(float[] losses, Map<String, float[]> gradients) {
    }

    private static Training train(Precision precision, long seed) {
        float[] batch = gaussian(16 * 16 * 16, seed);
        float[] losses = new float[12];
        Map<String, float[]> gradients = new java.util.TreeMap<>();
        try (TrainingGraph graph = new TrainingGraph(MODEL, new CosineSchedule(20), TrainingObjective.of(LossType.MSE), 1, precision)) {
            graph.initialize(seed, Initialization.FAN_IN);
            for (int step = 0; step < losses.length; step++) {
                losses[step] = graph.step(TrainingBatch.unlabelled(batch, 16, 5, step), 1e-3, 0.9);
                if (step == 0) {
                    graph.state().forEach((name, value) -> {
                        if (name.startsWith("adam_m.")) {
                            gradients.put(name, value.values());
                        }
                    });
                }
            }
        }
        return new Training(losses, gradients);
    }

    @Test
    void runsSavedBeforePrecisionExistedReadAsFloat32(@TempDir Path folder) throws Exception {
        RunFolder run = new RunFolder(folder);
        TrainingConfig config = TrainingConfig.builder().epochs(1).batchSize(8).emaDecay(0.9).seed(1).build();
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
