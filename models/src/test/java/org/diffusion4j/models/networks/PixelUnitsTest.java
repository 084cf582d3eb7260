package org.diffusion4j.models.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PixelUnitsTest {

    @Test
    void theNotebooksScaleHalvesPixels() {
        // MNIST bytes 0, 128 and 255 in [-1, 1] (x / 127.5 - 1), then in the notebook's x / 256 - 0.5 units.
        float[] pixels = {-1f, 128 / 127.5f - 1, 1f, 0.25f};
        float[] values = pixels.clone();
        PixelUnits.toNetwork(values, values.length, 0.5);
        assertArrayEquals(new float[] {-0.5f, (128 / 127.5f - 1) / 2, 0.5f, 0.125f}, values, 0f);
        for (int p : new int[] {0, 128, 255}) {
            // At most 0.004 from the notebook's own x / 256 - 0.5 (byte 255: 0.5 here, 0.496 there).
            assertEquals(p / 256.0 - 0.5, (p / 127.5 - 1) * 0.5, 0.004);
        }
    }

    @Test
    void onlyTheGivenLengthMovesAndScaleOneChangesNothing() {
        float[] values = {1f, 2f, 3f};
        PixelUnits.toNetwork(values, 2, 0.5);
        assertArrayEquals(new float[] {0.5f, 1f, 3f}, values, 0f);
        PixelUnits.toNetwork(values, 3, 1);
        assertArrayEquals(new float[] {0.5f, 1f, 3f}, values, 0f);
    }
}
