package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.diffusion4j.core.schedules.GeometricSchedule;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.networks.VitConfig;
import org.junit.jupiter.api.Test;

/** Document 004's notebook batches: each image noised many times a step, in its x / 256 - 0.5 units. */
class VitTrainingDataTest {

    /** n 4x4 images whose pixels all hold the image's number / 100 (in [-1, 1]), labelled with their number. */
    private record Numbered(int size) implements TrainingData {
        @Override
        public int height() {
            return 4;
        }

        @Override
        public int width() {
            return 4;
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public void copyImages(int[] indices, int from, int count, float[] into) {
            for (int k = 0; k < count; k++) {
                Arrays.fill(into, k * 16, (k + 1) * 16, indices[from + k] / 100f);
            }
        }

        @Override
        public void copyLabels(int[] indices, int from, int count, int[] into) {
            for (int k = 0; k < count; k++) {
                into[k] = indices[from + k];
            }
        }
    }

    private static VitConfig tiny(int repeats, double scale) {
        return VitConfig.builder().imageSize(4).patchSize(4).patchStride(4).width(16).depth(1).heads(2).headDim(4).timesteps(10)
                .pixelTokens(true).levelBase(0.9).pixelScale(scale).noiseRepeats(repeats).build();
    }

    @Test
    void eachImageFillsAGroupOfRepeatsRowsInTheNetworksUnits() {
        int n = 50;
        int repeats = 10;
        TrainingData data = VitTrainingData.forTraining(tiny(repeats, 0.5), new Numbered(n));
        assertEquals(n * repeats, data.size());
        int batch = 20; // two images noised ten times each
        int[] order = TrainingLoop.permutation(data.size(), 42, 0);
        float[] images = new float[batch * 16];
        int[] labels = new int[batch];
        int[] shown = new int[n];
        for (int from = 0; from + batch <= data.size(); from += batch) {
            data.copyImages(order, from, batch, images);
            data.copyLabels(order, from, batch, labels);
            for (int group = 0; group < batch / repeats; group++) {
                int image = order[from + group * repeats] / repeats;
                shown[image]++;
                for (int k = group * repeats; k < (group + 1) * repeats; k++) {
                    assertEquals(image, labels[k], "row " + k + " of the batch at " + from);
                    for (int p = 0; p < 16; p++) {
                        assertEquals(image / 100f * 0.5f, images[k * 16 + p], 0f, "pixel " + p + " of row " + k);
                    }
                }
            }
        }
        // An epoch is n groups, one an image on average, each drawn like a draw with replacement: no image more often than
        // its repeats entries allow, and about 1 - 1/e of the images shown (the rest wait for a later epoch).
        assertEquals(n, Arrays.stream(shown).sum());
        assertTrue(Arrays.stream(shown).max().getAsInt() <= repeats);
        long distinct = Arrays.stream(shown).filter(c -> c > 0).count();
        assertTrue(distinct > n / 2 && distinct < n, "images shown in an epoch: " + distinct + " of " + n);
    }

    @Test
    void validationIsScaledButNotRepeatedAndOtherNetworksSeeTheDataAsGiven() {
        TrainingData plain = new Numbered(30);
        TrainingData validation = VitTrainingData.forValidation(tiny(10, 0.5), plain);
        assertEquals(30, validation.size());
        float[] image = new float[16];
        validation.copyImages(new int[] {7}, 0, 1, image);
        assertEquals(0.035f, image[0], 0f);
        assertSame(plain, VitTrainingData.forTraining(UNetConfig.document000(28), plain));
        assertSame(plain, VitTrainingData.forTraining(tiny(1, 1), plain));
        assertSame(plain, VitTrainingData.forValidation(tiny(10, 1), plain));
    }

    @Test
    void copiesOfOneImageGetTheirOwnNoiseAndNoiseLevel() {
        // The training graph draws noise and a noise level for every row; a repeated image is noised afresh in each.
        float[] one = new float[16];
        Arrays.fill(one, 0.25f);
        float[] twice = new float[32];
        Arrays.fill(twice, 0.25f);
        try (TrainingGraph graph = new TrainingGraph(tiny(2, 0.5), new GeometricSchedule(10, 0.9), LossType.MSE, 1)) {
            graph.initialize(1, Initialization.FAN_IN_ZERO_BRANCHES);
            float single = graph.evaluate(TrainingBatch.unlabelled(one, 1, 9, 0));
            float pair = graph.evaluate(TrainingBatch.unlabelled(twice, 2, 9, 0));
            // Stateless draws fill a tensor in order, so the pair's first row is the single image's draw and its loss; the
            // pair's mean equals it only if the second copy drew the same noise and noise level as the first.
            assertNotEquals(single, pair, "two copies of an image were noised alike");
        }
    }
}
