package org.diffusion4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.diffusion4j.core.editing.InpaintingMask;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.ReverseWalk;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.interop.export.DenoiserExport;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.export.ExportTarget;
import org.diffusion4j.interop.export.SavedModelExporter;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported edit signature held to the Java edit it stands for: with nothing kept and no step skipped it is the sample
 * signature; skipping steps is DDIM image-to-image; a mask gives the inpainting that the per-step walk computes with the same
 * noise at every step, and the kept pixels are the input's.
 */
class EditExportTest {

    static final int STEPS = 4;

    @TempDir
    static Path temp;
    static RunFolder run;
    static Path exported;
    static NoiseSchedule schedule;
    static final ImageBatch NOISE = SampleNoise.gaussian(3, 8, 8, 1, new SplittableRandom(5));
    static final ImageBatch IMAGES = unitImages();

    @BeforeAll
    static void export() {
        run = TinyRun.create(temp.resolve("run"));
        schedule = run.modelSpec().noiseSchedule();
        exported = SavedModelExporter.export(DenoiserExport.fromRun(run, STEPS), ExportTarget.nextVersion(temp.resolve("serving"), "tiny"), 1);
    }

    /** Three images with pixels in [0, 1], as a serving client sends them. */
    static ImageBatch unitImages() {
        SplittableRandom random = new SplittableRandom(6);
        float[] pixels = new float[3 * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        return new ImageBatch(pixels, 3, 8, 8, 1);
    }

    static ImageBatch toModel(ImageBatch unit) {
        float[] pixels = unit.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 2 * pixels[i] - 1;
        }
        return unit.withPixels(pixels);
    }

    static float[] toUnit(ImageBatch model) {
        float[] pixels = model.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.max(0, Math.min(1, (pixels[i] + 1) / 2));
        }
        return pixels;
    }

    static float[] ones() {
        float[] mask = new float[3 * 64];
        Arrays.fill(mask, 1);
        return mask;
    }

    static double largestDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    @Test
    void nothingKeptAndNoStepSkippedIsTheSampleSignature() {
        float[] edited = ExportedCalls.edit(exported, IMAGES, ones(), NOISE, 0, null, null);
        assertTrue(largestDifference(ExportedCalls.sample(exported, NOISE), edited) < 1e-6, "edit = sample");
    }

    @Test
    void skippingStepsIsDdimImageToImage() {
        int start = 2;
        int[] timesteps = new DdimSampler(STEPS, 0, true).timesteps(schedule);
        ImageBatch expected;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(run.modelSpec(), run.samplingWeights(true), 1, org.diffusion4j.models.graph.Precision.FP32)) {
            ReverseWalk walk = new DdimSampler(STEPS, 0, true).begin(schedule, timesteps[start], null);
            expected = walk.run(denoiser, schedule.addNoise(toModel(IMAGES), NOISE, walk.timestep()), SamplingObserver.NONE);
        }
        float[] edited = ExportedCalls.edit(exported, IMAGES, ones(), NOISE, start, null, null);
        assertTrue(largestDifference(toUnit(expected), edited) < 1e-4, "largest difference " + largestDifference(toUnit(expected), edited));
    }

    @Test
    void aMaskedEditIsThePerStepInpaintingWithOneNoiseAndKeepsThePixels() {
        InpaintingMask bottom = InpaintingMask.named("bottom-half", 8);
        float[] mask = new float[3 * 64];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = bottom.repaint()[i % 64];
        }
        ImageBatch clean = toModel(IMAGES);
        float[] expected;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(run.modelSpec(), run.samplingWeights(true), 1, org.diffusion4j.models.graph.Precision.FP32)) {
            ReverseWalk walk = new DdimSampler(STEPS, 0, true).begin(schedule, null);
            ImageBatch x = NOISE;
            while (!walk.done()) {
                int t = walk.timestep();
                ImageBatch known = schedule.addNoise(clean, NOISE, t);
                ImageBatch merged = x.withPixels(blend(mask, x.pixels(), known.pixels()));
                int[] steps = new int[3];
                Arrays.fill(steps, t);
                x = walk.step(merged, denoiser.predictNoise(merged, steps)).nextImages();
            }
            expected = toUnit(x.withPixels(blend(mask, x.pixels(), clean.pixels())));
        }
        float[] edited = ExportedCalls.edit(exported, IMAGES, mask, NOISE, 0, null, null);
        assertTrue(largestDifference(expected, edited) < 1e-4, "largest difference " + largestDifference(expected, edited));
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) {
                assertEquals(IMAGES.pixels()[i], edited[i], 1e-6, "kept pixel " + i);
            }
        }
        String inputs = ExportManifest.readFrom(exported).orElseThrow().inputs();
        assertTrue(inputs.contains("edit: image float [-1,8,8,1] in [0, 1], mask float [-1,8,8,1] (1 repaints"), inputs);
    }

    private static float[] blend(float[] mask, float[] painted, float[] known) {
        float[] out = new float[painted.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = mask[i] * painted[i] + (1 - mask[i]) * known[i];
        }
        return out;
    }
}
