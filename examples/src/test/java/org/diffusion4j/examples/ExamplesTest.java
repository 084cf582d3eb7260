package org.diffusion4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.diffusion4j.api.TrainingSet;
import org.diffusion4j.datasets.DatasetKind;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example as a user would, on MNIST (the shared copy, or the committed subset where it is absent): the README's Java example is {@link SampleRun}, so it
 * compiles and runs here. The examples share one trained run, hence the order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExamplesTest {

    @TempDir
    static Path work;

    private static Path run() {
        return work.resolve("tiny-run");
    }

    @Test
    @Order(1)
    void trainsATinyRunFromThePreset() {
        TrainTinyRun.main(new String[] {run().toString(), TestData.mnist().toString()});
        assertTrue(Files.isRegularFile(run().resolve("checkpoint.d4j")));
        assertTrue(Files.isRegularFile(run().resolve("model.json")));
        assertTrue(Files.isRegularFile(run().resolve("training.json")));
        assertTrue(Files.isRegularFile(run().resolve("data.json")));
        assertTrue(Files.isRegularFile(run().resolve("history.csv")));
    }

    @Test
    @Order(2)
    void theReadmeExampleSamplesAGrid() throws IOException {
        Path grid = work.resolve("grid.png");
        SampleRun.main(new String[] {run().toString(), grid.toString()});
        BufferedImage image = ImageIO.read(grid.toFile());
        // 16 images, 8 to a row, 28 pixels drawn 3x, 2-pixel separators: two rows of eight.
        assertEquals(8 * 28 * 3 + 7 * 2, image.getWidth());
        assertEquals(2 * 28 * 3 + 2, image.getHeight());
    }

    @Test
    @Order(3)
    void distilsTheRunIntoAFourStepStudentAndSamplesIt() throws IOException {
        Path student = work.resolve("student");
        Path grid = work.resolve("student.png");
        DistillRun.main(new String[] {run().toString(), student.toString(), grid.toString(), "2", TestData.mnist().toString()});
        assertTrue(Files.readString(student.resolve("model.json")).contains("\"grid\" : 64"));
        assertEquals(8 * 28 * 3 + 7 * 2, ImageIO.read(grid.toFile()).getWidth());
    }

    @Test
    @Order(4)
    void scoresTheRunsFld() {
        ScoreRun.main(new String[] {run().toString(), work.resolve("lenet").toString(), "200", TestData.mnist().toString()});
        assertTrue(Files.isRegularFile(work.resolve("lenet").resolve("classifier.json")));
    }

    @Test
    void trainsOnAnImageFolderWithItsOwnListener() throws IOException {
        Path folder = work.resolve("digits");
        MnistDataset digits = MnistDataset.load(TrainingSet.idx(DatasetKind.MNIST, TestData.mnist()).files(), Split.TEST);
        int[] written = new int[3];
        for (int i = 0; i < digits.size() && (written[0] < 40 || written[1] < 40 || written[2] < 40); i++) {
            int label = digits.labels()[i];
            if (label < 3 && written[label] < 40) {
                Path file = folder.resolve("digit" + label).resolve(i + ".png");
                Files.createDirectories(file.getParent());
                ImageIO.write(toImage(digits, i), "png", file.toFile());
                written[label]++;
            }
        }
        Path run = work.resolve("folder-run");
        TrainOnFolder.main(new String[] {folder.toString(), run.toString()});
        assertTrue(Files.isRegularFile(run.resolve("checkpoint.d4j")));
        assertTrue(Files.readString(run.resolve("data.json")).contains("digit2"));
    }

    @Test
    void samplesAKerasTrainedSavedModelThroughItsCard() {
        Path model = TestData.sharedRoot().resolve("models/tw-diffusion-mnist0-unet-JAVA-EXPORTED");
        assumeTrue(Files.isDirectory(model), "skipped: " + model + " is absent (the shared Keras models sit beside the checkout in CI)");
        Path grid = work.resolve("keras.png");
        SampleKerasModel.main(new String[] {model.toString(), Path.of("../interop/cards/tw-diffusion-mnist0-embedded.json").toString(),
                grid.toString()});
        assertTrue(Files.isRegularFile(grid));
    }

    private static BufferedImage toImage(MnistDataset digits, int index) {
        float[] pixels = digits.batch(new int[] {index}).pixels();
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                image.getRaster().setSample(x, y, 0, Math.round((pixels[y * 28 + x] + 1) * 127.5f));
            }
        }
        return image;
    }
}
