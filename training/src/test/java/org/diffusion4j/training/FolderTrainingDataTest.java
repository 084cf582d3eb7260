package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.datasets.ImageFolderDataset;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderTrainingDataTest {

    private static final int SIDE = 8;

    /** Random RGB images in two classes, as if loaded from a folder. */
    private static ImageFolderDataset images(int count) {
        SplittableRandom random = new SplittableRandom(5);
        byte[] pixels = new byte[count * SIDE * SIDE * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 2;
        }
        return ImageFolderDataset.ofUint8(pixels, labels, List.of("cats", "dogs"), SIDE, 3);
    }

    @Test
    void servesTheImagesTheirLabelsAndShape() {
        ImageFolderDataset data = images(6);
        FolderTrainingData adapter = FolderTrainingData.plain(data);
        assertEquals(6, adapter.size());
        assertEquals(SIDE, adapter.height());
        assertEquals(SIDE, adapter.width());
        assertEquals(3, adapter.channels());
        int[] order = {5, 2, 3, 0};
        float[] batch = new float[2 * data.imageLength()];
        adapter.copyImages(order, 1, 2, batch);
        assertArrayEquals(data.batch(new int[] {2, 3}).pixels(), batch);
        int[] labels = new int[2];
        adapter.copyLabels(order, 1, 2, labels);
        assertArrayEquals(new int[] {0, 1}, labels);
    }

    @Test
    void flipsAboutHalfTheImagesReproduciblyAndDifferentlyEachEpoch() {
        int count = 400;
        FolderTrainingData flipping = FolderTrainingData.randomlyFlipped(images(count), 11);
        int[] epoch0 = TrainingLoop.permutation(count, 11, 0);
        int[] epoch1 = TrainingLoop.permutation(count, 11, 1);
        int flipped = 0;
        int changed = 0;
        for (int position = 0; position < count; position++) {
            int image = epoch0[position];
            boolean first = flipping.flipped(image, position);
            assertEquals(first, FolderTrainingData.randomlyFlipped(images(count), 11).flipped(image, position), "the same draw again");
            flipped += first ? 1 : 0;
            int later = indexOf(epoch1, image);
            changed += first != flipping.flipped(image, later) ? 1 : 0;
        }
        assertEquals(count / 2.0, flipped, 40, "about half flipped");
        assertTrue(changed > count / 4, "an image's flip is drawn afresh in the next epoch: " + changed + " changed");

        ImageFolderDataset data = images(4);
        FolderTrainingData adapter = FolderTrainingData.randomlyFlipped(data, 11);
        int[] order = {0, 1, 2, 3};
        float[] batch = new float[4 * data.imageLength()];
        adapter.copyImages(order, 0, 4, batch);
        for (int i = 0; i < 4; i++) {
            float[] expected = new float[data.imageLength()];
            data.copyImage(i, expected, 0, adapter.flipped(i, i));
            float[] actual = java.util.Arrays.copyOfRange(batch, i * data.imageLength(), (i + 1) * data.imageLength());
            assertArrayEquals(expected, actual, "image " + i);
        }
        float[] mirrored = new float[data.imageLength()];
        float[] plain = new float[data.imageLength()];
        data.copyImage(0, mirrored, 0, true);
        data.copyImage(0, plain, 0, false);
        assertNotEquals(plain[0], mirrored[0]);
        assertEquals(plain[(SIDE - 1) * 3 + 2], mirrored[2], "the last pixel of the row comes first, channels kept in order");
    }

    @Test
    void aFlippedConditionalColourRunResumesExactly(@TempDir Path dir) {
        UNetConfig model = UNetConfig.builder().imageSize(SIDE).inChannels(3).modelChannels(8).channelMultipliers(List.of(1, 2))
                .groups(4).attentionHeads(2).timesteps(20).classes(2).build();
        ImageFolderDataset.Split data = images(96).split(7);
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(16).learningRate(1e-3).warmupSteps(3)
                .emaDecay(0.99).seed(11).threads(1).labelDropout(0.1).build();
        CosineSchedule schedule = new CosineSchedule(20);
        Path whole = dir.resolve("whole");
        Path split = dir.resolve("split");
        long steps = 2L * (data.train().size() / 16);
        List<EpochSummary> history;
        try (TrainingGraph graph = new TrainingGraph(model, schedule, config.objective(), 1, config.precision())) {
            history = new Trainer(new RunFolder(whole), config, TrainingListener.SILENT).train(graph,
                    FolderTrainingData.randomlyFlipped(data.train(), config.seed()), FolderTrainingData.plain(data.validation()), false, -1);
        }
        assertEquals(2, history.size());
        assertTrue(Double.isFinite(history.get(1).validationLoss()), history.toString());
        try (TrainingGraph graph = new TrainingGraph(model, schedule, config.objective(), 1, config.precision())) {
            new Trainer(new RunFolder(split), config, TrainingListener.SILENT).train(graph,
                    FolderTrainingData.randomlyFlipped(data.train(), config.seed()), null, false, steps / 2 + 1);
        }
        try (TrainingGraph graph = new TrainingGraph(model, schedule, config.objective(), 1, config.precision())) {
            new Trainer(new RunFolder(split), config, TrainingListener.SILENT).train(graph,
                    FolderTrainingData.randomlyFlipped(data.train(), config.seed()), null, true, -1);
        }
        Map<String, ParameterValue> expected = ParameterFile.read(whole.resolve("checkpoint.d4j")).values();
        Map<String, ParameterValue> actual = ParameterFile.read(split.resolve("checkpoint.d4j")).values();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            float[] e = expected.get(name).values();
            float[] a = actual.get(name).values();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-6 + 1e-5 * Math.abs(e[i]), name + "[" + i + "]");
            }
        }
    }

    private static int indexOf(int[] order, int value) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] == value) {
                return i;
            }
        }
        throw new AssertionError(value + " not in the permutation");
    }
}
