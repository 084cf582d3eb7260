package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.diffusion4j.core.images.ImageGrid;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/** RGB images train through the same graph, trainer and TensorBoard grid as MNIST's grey ones. */
class ColourTrainingTest {

    private static final int SIZE = 16;

    /** A tiny colour U-Net with attention at 8x8 as well as in the middle, as the colour presets place it. */
    private static final UNetConfig UNET = UNetConfig.builder().imageSize(SIZE).inChannels(3).modelChannels(8)
            .channelMultipliers(List.of(1, 2)).groups(4).attentionHeads(2).timesteps(20).attentionResolutions(List.of(8)).build();

    /**
     * 16x16 RGB images of a fixed colour pattern: a red left half and a blue right half, with a green band whose
     * row changes with the image. The channels differ everywhere, so a model that mixed them up would not fit it.
     */
    static final class ColourPattern implements TrainingData {
        private final int count;
        private final int offset;

        ColourPattern(int count, int offset) {
            this.count = count;
            this.offset = offset;
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public int height() {
            return SIZE;
        }

        @Override
        public int width() {
            return SIZE;
        }

        @Override
        public int channels() {
            return 3;
        }

        @Override
        public void copyImages(int[] indices, int from, int count, float[] into) {
            int pixels = SIZE * SIZE * 3;
            for (int i = 0; i < count; i++) {
                int band = (indices[from + i] + offset) % (SIZE - 2);
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        int at = i * pixels + (y * SIZE + x) * 3;
                        boolean inBand = y >= band && y < band + 3;
                        into[at] = x < SIZE / 2 ? 0.9f : -0.9f;
                        into[at + 1] = inBand ? 0.8f : -0.8f;
                        into[at + 2] = x < SIZE / 2 ? -0.7f : 0.7f;
                    }
                }
            }
        }
    }

    @Test
    void aColourUNetLearnsAColourPatternAndTensorBoardShowsColourGrids(@TempDir Path dir) throws IOException {
        RunFolder run = new RunFolder(dir.resolve("run"));
        run.writeJson(run.modelSpecFile(), new ModelSpec(UNET, "cosine"));
        TrainingConfig config = TrainingConfig.builder().epochs(6).batchSize(16).learningRate(3e-3).warmupSteps(5).cosineDecay(false)
                .emaDecay(0.9).seed(3).threads(0).initialization(Initialization.FAN_IN_ZERO_BRANCHES).build();
        List<EpochSummary> history;
        try (TrainingGraph graph = new TrainingGraph(UNET, new CosineSchedule(20), LossType.MSE, 0)) {
            history = new Trainer(run, config, TrainingListener.SILENT, new TensorBoardOptions(true, 4, 3))
                    .train(graph, new ColourPattern(192, 0), new ColourPattern(32, 5), false, -1);
        }
        assertEquals(6, history.size());
        assertTrue(history.get(5).trainLoss() < 0.6 * history.get(0).trainLoss(), history.toString());
        assertTrue(history.get(5).validationLoss() < 0.6 * history.get(0).validationLoss(), history.toString());

        int side = 2 * SIZE * 2 + ImageGrid.SEPARATOR;
        List<Summary.Image> grids = new ArrayList<>();
        for (Event event : EventFiles.readAll(run.tensorBoardDir())) {
            for (Summary.Value value : event.getSummary().getValueList()) {
                if (value.getTag().equals(TrainingSummaries.SAMPLES + "/image")) {
                    grids.add(value.getImage());
                }
            }
        }
        assertEquals(6, grids.size(), "one grid per epoch");
        Summary.Image last = grids.get(5);
        assertEquals(3, last.getColorspace(), "RGB");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(last.getEncodedImageString().toByteArray()));
        assertNotNull(png, "the grid is a PNG");
        assertEquals(side, png.getWidth());
        assertEquals(side, png.getHeight());
        assertEquals(3, png.getColorModel().getNumColorComponents());
        // 72 steps teach the loss, not yet clean samples: the grid's colours are checked exactly in the next test.
        boolean coloured = false;
        for (int y = 0; y < side && !coloured; y++) {
            for (int x = 0; x < side && !coloured; x++) {
                int rgb = png.getRGB(x, y);
                coloured = ((rgb >> 16) & 0xFF) != (rgb & 0xFF) || ((rgb >> 8) & 0xFF) != (rgb & 0xFF);
            }
        }
        assertTrue(coloured, "the samples have colour");
    }

    @Test
    void tensorBoardKeepsAnRgbPicturesColours(@TempDir Path dir) throws IOException {
        BufferedImage picture = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0x102030, 0xFFFFFF};
        for (int i = 0; i < colours.length; i++) {
            picture.setRGB(i % 3, i / 3, colours[i]);
        }
        try (TensorBoardLog log = new TensorBoardLog(dir)) {
            log.image("colour", 1, picture);
        }
        Summary.Value value = EventFiles.readAll(dir).stream().flatMap(e -> e.getSummary().getValueList().stream())
                .filter(v -> v.getTag().equals("colour/image")).findFirst().orElseThrow();
        assertEquals(3, value.getImage().getColorspace());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(value.getImage().getEncodedImageString().toByteArray()));
        int[] read = new int[colours.length];
        for (int i = 0; i < colours.length; i++) {
            read[i] = png.getRGB(i % 3, i / 3) & 0xFFFFFF;
        }
        assertArrayEquals(colours, read);
    }

    @Test
    void aColourDitBuildsCountsItsParametersAndTrains() {
        DitConfig dit = DitConfig.builder().imageSize(SIZE).inChannels(3).patchSize(4).width(32).depth(2).heads(2).mlpRatio(2)
                .timesteps(20).convChannels(8).mlpConv(true).stemSkip(true).build();
        try (TrainingGraph graph = new TrainingGraph(dit, new CosineSchedule(20), LossType.MSE, 0)) {
            assertEquals(dit.parameterCount(), graph.parameterCount());
            graph.initialize(1, Initialization.FAN_IN);
            Map<String, ParameterValue> before = graph.state();
            float[] images = new float[8 * SIZE * SIZE * 3];
            new ColourPattern(8, 0).copyImages(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0, 8, images);
            float first = graph.step(TrainingBatch.unlabelled(images, 8, 1, 0), 1e-3, 0.9);
            assertTrue(Float.isFinite(first) && first > 0, "loss " + first);
            Map<String, ParameterValue> after = graph.state();
            assertTrue(!java.util.Arrays.equals(before.get("stem.kernel").values(), after.get("stem.kernel").values()),
                    "the step changed the stem's colour kernel");
        }
    }
}
