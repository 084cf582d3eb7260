package org.diffusion4j.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.diffusion4j.models.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Patch cutting and recomposition against a plain-Java definition, with and without overlap. */
class PatchesTest {

    /** image size, channels, patch size, stride. */
    private static final int[][] CASES = {
            {28, 1, 4, 4}, {28, 1, 2, 2}, {6, 2, 3, 3}, {28, 1, 4, 2}, {10, 2, 3, 1}, {28, 1, 7, 3}, {9, 3, 5, 2}, {28, 1, 18, 10}};

    @Test
    void patchifyCutsThePatchesRowMajorWithChannelsInnermost() {
        for (int[] c : CASES) {
            int size = c[0], channels = c[1], patch = c[2], stride = c[3];
            int batch = 2;
            float[] image = randomImage(batch, size, channels, false, 3);
            float[] actual = run(c, image, batch, true);
            int grid = (size - patch) / stride + 1;
            int length = patch * patch * channels;
            assertEquals(batch * grid * grid * length, actual.length);
            for (int b = 0, k = 0; b < batch; b++) {
                for (int p = 0; p < grid * grid; p++) {
                    for (int u = 0; u < patch; u++) {
                        for (int v = 0; v < patch; v++) {
                            for (int ch = 0; ch < channels; ch++, k++) {
                                int row = (p / grid) * stride + u;
                                int col = (p % grid) * stride + v;
                                assertEquals(image[((b * size + row) * size + col) * channels + ch], actual[k], 0f, caseName(c));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void recomposeAfterPatchifyIsTheIdentity() {
        for (int[] c : CASES) {
            int batch = 3;
            boolean overlapping = c[3] < c[2];
            // Without overlap the round trip moves values only, so any float comes back. With overlap each
            // pixel is a sum of k equal copies divided by k: exact for values with few significant bits
            // (used here), within a rounding of the sum otherwise (checked in the next test).
            float[] image = randomImage(batch, c[0], c[1], overlapping, 5);
            float[] back = runRoundTrip(c, image, batch);
            assertArrayEquals(image, back, 0f, caseName(c));
        }
    }

    @Test
    void recomposeAfterPatchifyIsTheIdentityToRoundingForAnyFloats() {
        for (int[] c : CASES) {
            float[] image = randomImage(2, c[0], c[1], false, 7);
            float[] back = runRoundTrip(c, image, 2);
            for (int i = 0; i < image.length; i++) {
                assertEquals(image[i], back[i], 1e-6f * Math.max(1, Math.abs(image[i])), caseName(c));
            }
        }
    }

    @Test
    void recomposeAveragesOverlappingPatches() {
        for (int[] c : CASES) {
            int size = c[0], channels = c[1], patch = c[2], stride = c[3];
            int grid = (size - patch) / stride + 1;
            int length = patch * patch * channels;
            // Patch p holds the constant p + 1: a pixel becomes the mean of the numbers of the patches covering it.
            float[] patches = new float[grid * grid * length];
            for (int p = 0; p < grid * grid; p++) {
                java.util.Arrays.fill(patches, p * length, (p + 1) * length, p + 1);
            }
            float[] actual = run(c, patches, 1, false);
            for (int row = 0; row < size; row++) {
                for (int col = 0; col < size; col++) {
                    double sum = 0;
                    int count = 0;
                    for (int p = 0; p < grid * grid; p++) {
                        int top = (p / grid) * stride;
                        int left = (p % grid) * stride;
                        if (row >= top && row < top + patch && col >= left && col < left + patch) {
                            sum += p + 1;
                            count++;
                        }
                    }
                    for (int ch = 0; ch < channels; ch++) {
                        assertEquals((float) (sum / count), actual[(row * size + col) * channels + ch], 1e-6f,
                                caseName(c) + " pixel " + row + "," + col);
                    }
                }
            }
        }
    }

    @Test
    void theNotebooksEighteenPixelWindowsEveryTenCutFourTokensOf324() {
        // Document 004's notebook: PATCH_SIZE 10 plus OVER_PATCH 4 on each side, so (28 - 2*4) / 10 = 2 windows a side.
        int[] notebook = {28, 1, 18, 10};
        try (Graph graph = new Graph()) {
            Patches patches = new Patches(Ops.create(graph), 28, 1, 18, 10);
            assertEquals(2, patches.grid());
            assertEquals(4, patches.count());
            assertEquals(324, patches.patchLength());
            assertTrue(patches.overlapping());
        }
        // Pixel value = 100 * row + col: each token starts at its window's top-left corner (0,0), (0,10), (10,0), (10,10).
        float[] image = new float[28 * 28];
        for (int i = 0; i < image.length; i++) {
            image[i] = 100 * (i / 28) + i % 28;
        }
        float[] tokens = run(notebook, image, 1, true);
        assertEquals(4 * 324, tokens.length);
        int[][] corners = {{0, 0}, {0, 10}, {10, 0}, {10, 10}};
        for (int p = 0; p < 4; p++) {
            assertEquals(100 * corners[p][0] + corners[p][1], tokens[p * 324], 0f, "first pixel of token " + p);
            assertEquals(100 * (corners[p][0] + 17) + corners[p][1] + 17, tokens[p * 324 + 323], 0f, "last pixel of token " + p);
            assertEquals(100 * (corners[p][0] + 1) + corners[p][1], tokens[p * 324 + 18], 0f, "second row of token " + p);
        }
        // Rows and columns 10..17 are shared: the centre 8x8 square lies in all four windows, the corners in one.
        float[] constants = new float[4 * 324];
        for (int p = 0; p < 4; p++) {
            java.util.Arrays.fill(constants, p * 324, (p + 1) * 324, 1 << p);
        }
        float[] mean = run(notebook, constants, 1, false);
        assertEquals(1f, mean[0], 0f);                              // (0, 0): window 0 only
        assertEquals(8f, mean[27 * 28 + 27], 0f);                  // (27, 27): window 3 only
        assertEquals(1.5f, mean[5 * 28 + 12], 0f);                 // (5, 12): windows 0 and 1
        assertEquals(15 / 4f, mean[14 * 28 + 14], 0f);             // (14, 14): all four
    }

    @Test
    void bothDirectionsHaveGradients() {
        for (int[] c : CASES) {
            try (Graph graph = new Graph()) {
                Ops tf = Ops.create(graph);
                Patches patches = new Patches(tf, c[0], c[1], c[2], c[3]);
                Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c[0], c[0], c[1])));
                Operand<TFloat32> y = patches.recompose(tf.math.square(patches.patchify(x)));
                Output<?>[] grads = graph.addGradients(tf.sum(y, tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
                        new Output<?>[] {x.asOutput()});
                assertNotNull(grads[0], caseName(c));
            }
        }
    }

    @Test
    void patchesThatMissTheBorderAreRejected() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            assertThrows(IllegalArgumentException.class, () -> new Patches(tf, 28, 1, 5, 2));
            assertThrows(IllegalArgumentException.class, () -> new Patches(tf, 28, 1, 2, 4));
            assertTrue(new Patches(tf, 28, 1, 4, 2).overlapping());
        }
    }

    private static String caseName(int[] c) {
        return "image " + c[0] + " channels " + c[1] + " patch " + c[2] + " stride " + c[3];
    }

    /** Gaussian values, or with {@code dyadic} multiples of 1/64 in [-4, 4] (sums of a few are exact). */
    private static float[] randomImage(int batch, int size, int channels, boolean dyadic, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[batch * size * size * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = dyadic ? random.nextInt(-256, 257) / 64f : (float) random.nextGaussian();
        }
        return v;
    }

    /** Runs patchify (forward) or recompose on the given values. */
    private static float[] run(int[] c, float[] input, int batch, boolean forward) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Patches patches = new Patches(tf, c[0], c[1], c[2], c[3]);
            long[] shape = forward ? new long[] {batch, c[0], c[0], c[1]} : new long[] {batch, patches.count(), patches.patchLength()};
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
            Operand<TFloat32> y = forward ? patches.patchify(x) : patches.recompose(x);
            try (TFloat32 in = Tensors.floats(input, shape); Result r = session.runner().feed(x, in).fetch(y).run()) {
                return Tensors.toArray((TFloat32) r.get(0));
            }
        }
    }

    private static float[] runRoundTrip(int[] c, float[] image, int batch) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Patches patches = new Patches(tf, c[0], c[1], c[2], c[3]);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c[0], c[0], c[1])));
            Operand<TFloat32> y = patches.recompose(patches.patchify(x));
            try (TFloat32 in = Tensors.floats(image, batch, c[0], c[0], c[1]); Result r = session.runner().feed(x, in).fetch(y).run()) {
                assertEquals(Shape.of(batch, c[0], c[0], c[1]), r.get(0).shape());
                return Tensors.toArray((TFloat32) r.get(0));
            }
        }
    }
}
