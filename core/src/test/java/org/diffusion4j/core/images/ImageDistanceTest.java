package org.diffusion4j.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageDistanceTest {

    @Test
    void psnrIsTakenPerImageInDisplayUnitsAndAveraged() {
        // Image 0 is off by 0.2 in [-1, 1] everywhere: 0.1 in [0, 1], a mean square of 0.01, so 20 dB. Image 1 is off by 0.02
        // in one pixel of four: a mean square of 1e-4 / 4, so 46.02 dB. The mean is their average, not the PSNR of the pooled error.
        ImageBatch reference = new ImageBatch(new float[] {0f, 0f, 0f, 0f, 0.5f, 0.5f, 0.5f, 0.5f}, 2, 2, 2, 1);
        ImageBatch edited = new ImageBatch(new float[] {0.2f, -0.2f, 0.2f, -0.2f, 0.52f, 0.5f, 0.5f, 0.5f}, 2, 2, 2, 1);
        double second = -10 * Math.log10(1e-4 / 4);
        assertEquals((20 + second) / 2, ImageBatches.meanPeakSignalToNoiseRatio(edited, reference), 1e-4);
        assertEquals(20, ImageBatches.meanPeakSignalToNoiseRatio(edited.slice(0, 1), reference.slice(0, 1)), 1e-4);
    }

    @Test
    void anImageEqualToItsReferenceCountsTheCapAndPixelsAreClippedFirst() {
        ImageBatch reference = new ImageBatch(new float[] {1f, -1f}, 1, 1, 2, 1);
        ImageBatch overshoot = new ImageBatch(new float[] {3f, -7f}, 1, 1, 2, 1);
        assertEquals(ImageBatches.IDENTICAL_PSNR_DB, ImageBatches.meanPeakSignalToNoiseRatio(overshoot, reference), 0);
        assertThrows(IllegalArgumentException.class,
                () -> ImageBatches.meanPeakSignalToNoiseRatio(reference, new ImageBatch(new float[4], 1, 2, 2, 1)));
    }
}
