package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.PngGrid;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.interop.imports.ClassifierCard;
import org.diffusion4j.interop.imports.DenoiserCard;
import org.diffusion4j.interop.imports.SavedModelClassifier;
import org.diffusion4j.interop.imports.ProjectImages;
import org.diffusion4j.interop.imports.SavedModelDenoiser;
import org.diffusion4j.interop.imports.TimeFeeding;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.core.samplers.ChainSampler;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportTest {

    /** The Keras-trained zero denoiser; a method, so that its absence skips only the tests that use it. */
    static Path tw() {
        return TinyRun.shared("tw-diffusion-mnist0-unet-JAVA-EXPORTED");
    }

    static DenoiserCard card(String name) {
        return InteropJson.read(Path.of("cards", name), DenoiserCard.class);
    }

    @Test
    void ownExportImportsWithoutAnyCard(@TempDir Path temp) {
        RunFolder run = TinyRun.create(temp.resolve("run"));
        Path exported = SavedModelExporter.export(DenoiserExport.fromRun(run, 2), new ExportTarget(temp, "tiny", 1), 1);
        ImageBatch noisy = SampleNoise.gaussian(2, 8, 8, 1, new SplittableRandom(4));
        int[] t = {3, 11};
        try (SavedModelDenoiser imported = SavedModelDenoiser.open(exported, null, null, false, 1);
             NetworkDenoiser java = new NetworkDenoiser(TinyRun.CONFIG, run.samplingWeights(true), 1)) {
            assertEquals("cosine", imported.schedule().name());
            assertEquals(20, imported.schedule().timesteps());
            assertArrayEquals(java.predictNoise(noisy, t).pixels(), imported.predictNoise(noisy, t).pixels());
        }
    }

    @Test
    void sinusoidalChannelFeedingMatchesTheModelsOwnTimeCode() {
        ImageBatch noisy = SampleNoise.gaussian(3, 32, 32, 1, new SplittableRandom(5));
        int[] t = {0, 100, 249};
        try (SavedModelDenoiser own = SavedModelDenoiser.open(tw(), card("tw-diffusion-mnist0.json"), null, false, 1);
             SavedModelDenoiser embedded = SavedModelDenoiser.open(tw(), card("tw-diffusion-mnist0-embedded.json"), null, false, 1)) {
            assertEquals(TimeFeeding.STEP, own.card().time());
            assertEquals(1, embedded.channels());
            float[] a = own.predictNoise(noisy, t).pixels();
            float[] b = embedded.predictNoise(noisy, t).pixels();
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            assertTrue(worst < 1e-4, "largest difference " + worst);
        }
    }

    @Test
    void missingFactsAreAskedForInOneMessage() {
        Path tw = tw();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SavedModelDenoiser.open(tw, null, "serving_default", false, 1));
        String message = e.getMessage();
        assertTrue(message.contains("SINUSOIDAL_CHANNEL") && message.contains("prediction") && message.contains("schedule")
                && message.contains("pixels") && message.contains("fit (the model is 32x32"), message);
        IllegalArgumentException wrongKey = assertThrows(IllegalArgumentException.class,
                () -> SavedModelDenoiser.open(tw, null, "denoise", false, 1));
        assertTrue(wrongKey.getMessage().contains("it has: eps_from_xt_t, serving_default"), wrongKey.getMessage());
    }

    /** The Keras-trained zero model through the Java chain sampler: the mean of 64 samples must look like a 0. */
    @Test
    void kerasTrainedDenoiserDrawsZeros() throws Exception {
        ImageBatch images;
        DenoiserCard card = card("tw-diffusion-mnist0.json");
        try (SavedModelDenoiser denoiser = SavedModelDenoiser.open(tw(), card, null, false, 2)) {
            images = new SamplingPipeline(denoiser, denoiser.schedule(), new ChainSampler())
                    .generate(64, 64, 0, SamplingObserver.NONE, SamplingPipeline.BatchProgress.NONE);
        }
        assertTrue(images.allFinite());
        ImageBatch digits = ProjectImages.fromModel(images, card.pixels(), card.fit(), 28);
        Files.createDirectories(Path.of("target"));
        PngGrid.write(digits, 8, Path.of("target", "tw-diffusion-zeros.png"), 3);
        double[] mean = new double[28 * 28];
        for (int n = 0; n < 64; n++) {
            for (int p = 0; p < mean.length; p++) {
                mean[p] += digits.pixels()[n * mean.length + p] / 64.0;
            }
        }
        double centre = 0;
        double ring = 0;
        int centreCount = 0;
        int ringCount = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                // Zeros are taller than wide: measure the distance in an ellipse.
                double r = Math.hypot((x - 13.5) / 0.8, y - 13.5);
                if (r < 3) {
                    centre += mean[y * 28 + x];
                    centreCount++;
                } else if (r >= 7 && r < 10) {
                    ring += mean[y * 28 + x];
                    ringCount++;
                }
            }
        }
        centre /= centreCount;
        ring /= ringCount;
        System.out.printf("tw samples: mean centre %.3f, mean ring %.3f%n", centre, ring);
        assertTrue(centre < -0.6, "centre of the mean sample should be dark, is " + centre);
        assertTrue(ring > centre + 0.5, "ring should be much brighter than the centre: ring " + ring + ", centre " + centre);

        // An independent judge: the Keras MNIST CNN (97% on t10k) should call most of them '0'.
        ClassifierCard judgeCard = InteropJson.read(Path.of("cards", "mnist-cnn-keras3-export.json"), ClassifierCard.class);
        int zeros = 0;
        try (SavedModelClassifier judge = SavedModelClassifier.open(TinyRun.shared("mnist-cnn-keras3-export"), judgeCard, null, false, 2)) {
            float[] p = judge.probabilities(digits);
            for (int n = 0; n < 64; n++) {
                int best = 0;
                for (int k = 1; k < 10; k++) {
                    best = p[n * 10 + k] > p[n * 10 + best] ? k : best;
                }
                zeros += best == 0 ? 1 : 0;
            }
        }
        System.out.println("tw samples: the Keras CNN calls " + zeros + " of 64 '0'");
        assertTrue(zeros >= 48, zeros + " of 64 called '0'");
    }
}
