package org.diffusion4j.core.editing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.DdpmSampler;
import org.diffusion4j.core.samplers.DpmSolverSampler;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.Sampler;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.junit.jupiter.api.Test;

/**
 * Edits held to the exact denoiser of a two-image data set, where each edit has a right answer: an image whose top half is
 * image A's must be completed as A, and a light image-to-image edit of A stays A.
 */
class EditingPipelineTest {

    static final int SIZE = 8;
    static final NoiseSchedule SCHEDULE = new CosineSchedule(100);
    /** A: bright top, dark bottom with a stripe; B: dark top, bright bottom. Their halves tell them apart. */
    static final float[] A = image(true);
    static final float[] B = image(false);

    static float[] image(boolean first) {
        float[] pixels = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean top = y < SIZE / 2;
                float value = top == first ? 0.8f : -0.8f;
                pixels[y * SIZE + x] = first && !top && x == 2 ? 0.9f : value;
            }
        }
        return pixels;
    }

    static ImageBatch copies(float[] image, int count) {
        float[] pixels = new float[count * image.length];
        for (int i = 0; i < count; i++) {
            System.arraycopy(image, 0, pixels, i * image.length, image.length);
        }
        return new ImageBatch(pixels, count, SIZE, SIZE, 1);
    }

    static double meanAbsoluteDistance(ImageBatch images, float[] target, int image) {
        double sum = 0;
        for (int p = 0; p < target.length; p++) {
            sum += Math.abs(images.pixels()[image * target.length + p] - target[p]);
        }
        return sum / target.length;
    }

    static EditingPipeline pipeline(Sampler sampler) {
        return new EditingPipeline(new MixtureDenoiser(SCHEDULE, SIZE, SIZE, A, B), SCHEDULE, sampler);
    }

    @Test
    void inpaintingCompletesTheKeptHalfAsItsOwnImageAndKeepsItExactly() {
        // A's top half with B's bottom half: the kept top half belongs to A, so the painted bottom half must be A's.
        float[] mixed = A.clone();
        System.arraycopy(B, SIZE * SIZE / 2, mixed, SIZE * SIZE / 2, SIZE * SIZE / 2);
        ImageBatch images = copies(mixed, 6);
        InpaintingMask bottom = InpaintingMask.named("bottom-half", SIZE);
        for (Sampler sampler : new Sampler[] {new DdpmSampler(true), new DdimSampler(20, 0, true), new DpmSolverSampler(10, true)}) {
            for (Resampling resampling : new Resampling[] {Resampling.NONE, new Resampling(3, 5)}) {
                ImageBatch painted = pipeline(sampler).inpaint(images, bottom, resampling, null, Batching.of(4, 7));
                for (int i = 0; i < 6; i++) {
                    assertTrue(meanAbsoluteDistance(painted, A, i) < 0.05, sampler + " " + resampling + " image " + i + ": "
                            + meanAbsoluteDistance(painted, A, i) + " from A");
                    for (int p = 0; p < SIZE * SIZE / 2; p++) {
                        assertEquals(mixed[p], painted.pixels()[i * SIZE * SIZE + p], "kept pixel " + p + " is the input's, exactly");
                    }
                }
            }
        }
    }

    @Test
    void resamplingCostsTheDenoiserCallsItSays() {
        MixtureDenoiser model = new MixtureDenoiser(SCHEDULE, SIZE, SIZE, A, B);
        Resampling resampling = new Resampling(4, 5);
        new EditingPipeline(model, SCHEDULE, new DdimSampler(20, 0, true))
                .inpaint(copies(A, 2), InpaintingMask.named("centre-square", SIZE), resampling, null, Batching.of(2, 1));
        // 20 steps in stretches of 5: the first three stretches four times, the last once.
        assertEquals(3 * 5 * 4 + 5, resampling.calls(20));
        assertEquals(resampling.calls(20), model.calls);
    }

    @Test
    void aLightImageToImageEditKeepsTheImageAndAFullOneDrawsFromTheData() {
        // A with noise on it: a light edit cleans it back to A, and never turns it into B.
        ImageBatch noisy = copies(A, 8);
        SplittableRandom random = new SplittableRandom(3);
        float[] pixels = noisy.pixels();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] += (float) (0.2 * random.nextGaussian());
        }
        EditingPipeline pipeline = pipeline(new DdimSampler(50, 0, true));
        ImageBatch light = pipeline.imageToImage(noisy, pipeline.startTimestep(0.3), null, Batching.of(8, 5));
        for (int i = 0; i < 8; i++) {
            assertTrue(meanAbsoluteDistance(light, A, i) < 0.02, "image " + i + ": " + meanAbsoluteDistance(light, A, i));
        }
        ImageBatch full = pipeline.imageToImage(noisy, pipeline.startTimestep(1.0), null, Batching.of(8, 5));
        int becameB = 0;
        for (int i = 0; i < 8; i++) {
            boolean isA = meanAbsoluteDistance(full, A, i) < 0.05;
            boolean isB = meanAbsoluteDistance(full, B, i) < 0.05;
            assertTrue(isA || isB, "a sample of the data, image " + i);
            becameB += isB ? 1 : 0;
        }
        assertTrue(becameB > 0, "at full strength the image is forgotten: some of 8 became B");
        assertArrayEquals(light.pixels(), pipeline.imageToImage(noisy, pipeline.startTimestep(0.3), null, Batching.of(8, 5)).pixels(),
                "the same seed gives the same edit");
    }

    /** Document 004's sampler walks its geometric chain for edits too: a closed-form denoiser of the chain, as its samples. */
    @Test
    void theStepwiseSamplerEditsOnTheGeometricChain() {
        NoiseSchedule chain = new org.diffusion4j.core.schedules.GeometricSchedule(100);
        MixtureDenoiser model = new MixtureDenoiser(chain, SIZE, SIZE, A, B);
        EditingPipeline pipeline = new EditingPipeline(model, chain, new org.diffusion4j.core.samplers.StepScaledSampler(1.0));
        ImageBatch light = pipeline.imageToImage(copies(A, 4), pipeline.startTimestep(0.3), null, Batching.of(4, 2));
        float[] mixed = A.clone();
        System.arraycopy(B, SIZE * SIZE / 2, mixed, SIZE * SIZE / 2, SIZE * SIZE / 2);
        ImageBatch painted = pipeline.inpaint(copies(mixed, 4), InpaintingMask.named("bottom-half", SIZE), new Resampling(2, 10), null,
                Batching.of(4, 3));
        for (int i = 0; i < 4; i++) {
            assertTrue(meanAbsoluteDistance(light, A, i) < 0.05, "image-to-image " + i + ": " + meanAbsoluteDistance(light, A, i));
            assertTrue(meanAbsoluteDistance(painted, A, i) < 0.05, "inpainting " + i + ": " + meanAbsoluteDistance(painted, A, i));
        }
    }

    @Test
    void strengthMapsToATimestepAndNonsenseIsRefused() {
        EditingPipeline pipeline = pipeline(new DdimSampler(50, 0, true));
        assertEquals(60, pipeline.startTimestep(0.6));
        assertEquals(99, pipeline.startTimestep(1.0));
        assertThrows(IllegalArgumentException.class, () -> pipeline.startTimestep(0));
        assertThrows(IllegalArgumentException.class, () -> pipeline.startTimestep(1.5));
        IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class, () -> pipeline.imageToImage(
                new ImageBatch(new float[16], 1, 4, 4, 1), 10, null, Batching.of(1, 0)));
        assertTrue(wrongSize.getMessage().contains("the model draws 8x8x1"), wrongSize.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> InpaintingMask.named("left-third", 8));
        assertTrue(unknown.getMessage().contains("bottom-half"), unknown.getMessage());
    }

    @Test
    void renoisingAnImageFromOneTimestepToALaterOneGivesTheLaterMarginal() {
        int count = 20_000;
        ImageBatch clean = new ImageBatch(new float[count], count, 1, 1, 1);
        java.util.Arrays.fill(clean.pixels(), 0.5f);
        SplittableRandom random = new SplittableRandom(11);
        ImageBatch at20 = SCHEDULE.addNoise(clean, SampleNoise.gaussian(count, 1, 1, 1, random), 20);
        ImageBatch at70 = SCHEDULE.renoise(at20, SampleNoise.gaussian(count, 1, 1, 1, random), 20, 70);
        double mean = 0;
        double square = 0;
        for (float v : at70.pixels()) {
            mean += v;
            square += v * v;
        }
        mean /= count;
        double sd = Math.sqrt(square / count - mean * mean);
        assertEquals(0.5 * SCHEDULE.signalRate(70), mean, 0.02);
        assertEquals(SCHEDULE.noiseRate(70), sd, 0.02);
    }

    @Test
    void ddimInversionThenDdimDecodingGivesTheImagesBack() {
        MixtureDenoiser model = new MixtureDenoiser(SCHEDULE, SIZE, SIZE, A, B);
        Interpolation interpolation = new Interpolation(model, SCHEDULE, 50);
        ImageBatch images = new ImageBatch(concat(A, B), 2, SIZE, SIZE, 1);
        ImageBatch latents = new DdimInversion(SCHEDULE, 50).invert(model, images);
        ImageBatch back = interpolation.decode(model, latents);
        assertTrue(meanAbsoluteDistance(back, A, 0) < 0.01 && meanAbsoluteDistance(back, B, 1) < 0.01,
                "round trip: " + meanAbsoluteDistance(back, A, 0) + ", " + meanAbsoluteDistance(back, B, 1));
        ImageBatch path = interpolation.between(new ImageBatch(A.clone(), 1, SIZE, SIZE, 1), new ImageBatch(B.clone(), 1, SIZE, SIZE, 1), 5, null);
        assertEquals(5, path.count());
        assertTrue(meanAbsoluteDistance(path, A, 0) < 0.01 && meanAbsoluteDistance(path, B, 4) < 0.01, "the path's ends are the images");
    }

    @Test
    void slerpKeepsTheNormOfEqualNormLatents() {
        ImageBatch a = new ImageBatch(new float[] {1, 0}, 1, 1, 2, 1);
        ImageBatch b = new ImageBatch(new float[] {0, 1}, 1, 1, 2, 1);
        ImageBatch middle = DdimInversion.slerp(a, b, 0.5);
        assertEquals(Math.sqrt(0.5), middle.pixels()[0], 1e-6);
        assertEquals(Math.sqrt(0.5), middle.pixels()[1], 1e-6);
        assertArrayEquals(a.pixels(), DdimInversion.slerp(a, b, 0).pixels(), 1e-6f);
    }

    static float[] concat(float[] a, float[] b) {
        float[] both = new float[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
