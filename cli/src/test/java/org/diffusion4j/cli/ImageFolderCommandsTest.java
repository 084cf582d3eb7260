package org.diffusion4j.cli;

import static org.diffusion4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.diffusion4j.cli.Cli.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --images on a tiny generated colour folder, then sample a class by name; the options refused where they cannot apply. */
class ImageFolderCommandsTest {

    /** A network small enough for a test: 16x16 RGB in two levels, 20 diffusion steps. */
    private static final List<String> TINY = List.of("--preset", "demo", "--epochs", "1", "--batch-size", "8", "--model-channels", "8",
            "--channel-multipliers", "1,2", "--groups", "4", "--heads", "2", "--timesteps", "20", "--quiet", "--tensorboard-images", "0");

    @TempDir
    static Path shared;

    private static Path images;

    @BeforeAll
    static void colourFolder() throws IOException {
        images = shared.resolve("shapes");
        SplittableRandom random = new SplittableRandom(1);
        for (String name : List.of("red", "blue")) {
            for (int i = 0; i < 24; i++) {
                BufferedImage image = new BufferedImage(20, 24, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < image.getHeight(); y++) {
                    for (int x = 0; x < image.getWidth(); x++) {
                        int shade = random.nextInt(60);
                        image.setRGB(x, y, name.equals("red") ? (195 + shade) << 16 | shade : shade << 16 | (195 + shade));
                    }
                }
                Path file = images.resolve(name).resolve(i + ".png");
                Files.createDirectories(file.getParent());
                ImageIO.write(image, "png", file.toFile());
            }
        }
    }

    private static String[] train(Path runDir, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--images", images.toString(), "--image-size", "16", "--run", runDir.toString(),
                "--image-cache", shared.resolve("cache").toString()));
        args.addAll(TINY);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static boolean isRgb(Path png) throws IOException {
        BufferedImage picture = ImageIO.read(png.toFile());
        return picture.getColorModel().getNumColorComponents() == 3;
    }

    @Test
    void aConditionalColourRunTrainsResumesAndSamplesAClassByName(@TempDir Path dir) throws IOException {
        Path runDir = dir.resolve("run");
        Outcome trained = run(train(runDir, "--conditional", "--random-flip"));
        assertEquals(0, trained.exitCode(), trained.err());
        String model = Files.readString(runDir.resolve("model.json"));
        assertTrue(model.contains("\"inChannels\" : 3") && model.contains("\"imageSize\" : 16") && model.contains("\"classes\" : 2"), model);
        String data = Files.readString(runDir.resolve("data.json"));
        assertTrue(data.contains("\"dataset\" : \"folder\"") && data.contains("\"blue\", \"red\"") && data.contains("\"randomFlip\" : true")
                && data.contains("\"background\" : \"white\"") && data.contains(images.toAbsolutePath().toString()), data);
        assertTrue(isRgb(runDir.resolve("samples-ddpm.png")), "the grid written after training is in colour");

        Outcome red = run("sample", "--run", runDir.toString(), "--class", "red", "--guidance", "2", "--sampler", "ddim", "--steps", "3",
                "--count", "4", "--columns", "4", "--quiet");
        assertEquals(0, red.exitCode(), red.err());
        Path redGrid = runDir.resolve("samples-ddim3-class-red-w2.png");
        assertTrue(isRgb(redGrid), "one class in colour");
        BufferedImage reds = ImageIO.read(redGrid.toFile());
        assertEquals(4.0, reds.getWidth() / (double) reds.getHeight(), 0.3, "4 images in one row");

        Outcome unknown = run("sample", "--run", runDir.toString(), "--class", "green", "--quiet");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown --class 'green'; this run's classes are: blue, red"), unknown.err());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());

        Outcome digit = run("sample", "--run", runDir.toString(), "--digit", "1", "--quiet");
        assertEquals(1, digit.exitCode());
        assertTrue(digit.err().contains("use --class NAME (blue, red)"), digit.err());

        Outcome resumed = run("train", "--resume", "--run", runDir.toString(), "--epochs", "2", "--image-cache",
                shared.resolve("cache").toString(), "--quiet", "--no-sample");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(3, Files.readAllLines(runDir.resolve("history.csv")).size(), "a header and two epochs");

        Outcome changed = run("train", "--resume", "--run", runDir.toString(), "--epochs", "3", "--image-size", "32", "--quiet");
        assertEquals(1, changed.exitCode());
        assertTrue(changed.err().contains("--image-size is fixed when a run starts"), changed.err());

        Outcome evaluate = run("evaluate", "--run", runDir.toString(), "--quiet");
        assertEquals(1, evaluate.exitCode());
        assertTrue(evaluate.err().contains("was trained on the images in"), evaluate.err());
    }

    @Test
    void greyFoldersTrainOneChannelUnconditionally(@TempDir Path dir) throws IOException {
        Path runDir = dir.resolve("grey");
        Outcome trained = run(train(runDir, "--channels", "1", "--no-sample", "--background", "black"));
        assertEquals(0, trained.exitCode(), trained.err());
        assertTrue(Files.readString(runDir.resolve("model.json")).contains("\"inChannels\" : 1"));
        Outcome sampled = run("sample", "--run", runDir.toString(), "--sampler", "ddim", "--steps", "2", "--count", "2", "--quiet");
        assertEquals(0, sampled.exitCode(), sampled.err());
        assertTrue(!isRgb(runDir.resolve("samples-ddim2.png")));
        Outcome className = run("sample", "--run", runDir.toString(), "--class", "red", "--quiet");
        assertEquals(1, className.exitCode());
        assertTrue(className.err().contains("train one with --conditional"), className.err());
    }

    @Test
    void badFolderOptionsAreRefusedInOneLine(@TempDir Path dir) throws IOException {
        String runDir = dir.resolve("run").toString();
        Outcome both = run("train", "--images", images.toString(), "--dataset", "mnist", "--run", runDir, "--quiet");
        assertEquals(1, both.exitCode());
        assertTrue(both.err().contains("--dataset picks MNIST-format data") && both.err().contains("drop --dataset"), both.err());

        Outcome data = run("train", "--images", images.toString(), "--data", dir.toString(), "--run", runDir, "--quiet");
        assertEquals(1, data.exitCode());
        assertTrue(data.err().contains("drop --data"), data.err());

        Outcome zero = run("train", "--images", images.toString(), "--image-size", "0", "--run", runDir, "--quiet");
        assertEquals(1, zero.exitCode());
        assertTrue(zero.err().contains("--image-size must be a positive number of pixels, got 0; use e.g. --image-size 32"), zero.err());

        Path missing = dir.resolve("no-such-folder");
        Outcome gone = run("train", "--images", missing.toString(), "--run", runDir, "--quiet");
        assertEquals(1, gone.exitCode());
        assertTrue(gone.err().contains("image folder " + missing.toAbsolutePath() + " does not exist"), gone.err());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Outcome none = run("train", "--images", empty.toString(), "--run", runDir, "--quiet", "--image-cache", dir.resolve("c").toString());
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("no images in " + empty.toAbsolutePath()) && none.err().contains(".png, .jpg, .jpeg, .gif or .bmp"),
                none.err());

        Outcome odd = run("train", "--images", images.toString(), "--image-size", "18", "--run", runDir, "--quiet",
                "--image-cache", shared.resolve("cache").toString());
        assertEquals(1, odd.exitCode());
        assertTrue(odd.err().contains("image size 18 is not divisible"), odd.err());

        Outcome mnistOnly = run("train", "--image-size", "16", "--run", runDir, "--quiet");
        assertEquals(1, mnistOnly.exitCode());
        assertTrue(mnistOnly.err().contains("--image-size applies to --images folders"), mnistOnly.err());

        for (Outcome outcome : List.of(both, data, zero, gone, none, odd, mnistOnly)) {
            assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        }
    }
}
