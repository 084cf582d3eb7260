package org.diffusion4j.cli;

import static org.diffusion4j.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.diffusion4j.cli.Cli.Outcome;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/**
 * edit img2img, inpaint and interpolate on a small conditional run: what they write, the kept pixels of an inpainting byte
 * for byte, and the refusals a user meets. (What an edit is worth is measured with a trained run: docs/RESULTS.md.)
 */
class EditCommandsTest {

    @TempDir
    static Path temp;
    static Path runDir;
    static Path images;

    @BeforeAll
    static void smallRunAndImages() throws IOException {
        UNetConfig config = UNetConfig.builder().imageSize(8).modelChannels(8).channelMultipliers(List.of(1, 2)).groups(4)
                .attentionHeads(2).timesteps(10).build().withClasses(10);
        RunFolder run = new RunFolder(temp.resolve("run"));
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            config.build(params);
            run.writeJson(run.modelSpecFile(), new ModelSpec(config, "cosine"));
            ParameterFile.write(run.checkpointFile(), Map.of(), params.initialValues(1));
        }
        runDir = run.root();
        images = temp.resolve("digits");
        Files.createDirectories(images);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 3; i++) {
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    image.getRaster().setSample(x, y, 0, random.nextInt(256));
                }
            }
            ImageIO.write(image, "png", images.resolve("digit" + i + ".png").toFile());
        }
    }

    private static int[][] grey(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        int[][] values = new int[image.getHeight()][image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                values[y][x] = image.getRaster().getSample(x, y, 0);
            }
        }
        return values;
    }

    @Test
    void inpaintingKeepsTheUnmaskedPixelsByteForByte() throws IOException {
        Path out = temp.resolve("inpaint");
        Outcome inpainted = run("edit", "inpaint", "--run", runDir.toString(), "--images", images.toString(), "--mask", "bottom-half",
                "--sampler", "ddim", "--steps", "4", "--jumps", "2", "--jump-length", "2", "--out", out.toString(), "--gif",
                temp.resolve("inpaint.gif").toString(), "-q");
        assertEquals(0, inpainted.exitCode(), inpainted.err());
        assertTrue(inpainted.out().contains("edited 3 images"), inpainted.out());
        for (int i = 0; i < 3; i++) {
            int[][] input = grey(images.resolve("digit" + i + ".png"));
            int[][] output = grey(out.resolve(String.format("%05d-digit%d.png", i, i)));
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 8; x++) {
                    assertEquals(input[y][x], output[y][x], "image " + i + ", kept pixel " + x + "," + y);
                }
            }
        }
        assertTrue(Files.size(out.resolve("grid.png")) > 0 && Files.size(temp.resolve("inpaint.gif")) > 0);
    }

    @Test
    void imageToImageAndInterpolationWriteTheirGrids() throws IOException {
        Path out = temp.resolve("img2img");
        Outcome edited = run("edit", "img2img", "--run", runDir.toString(), "--images", images.toString(), "--strength", "0.5",
                "--digit", "8", "--guidance", "2", "--sampler", "ddim", "--steps", "4", "--out", out.toString(), "--grid-only", "-q");
        assertEquals(0, edited.exitCode(), edited.err());
        BufferedImage grid = ImageIO.read(out.resolve("grid.png").toFile());
        assertTrue(grid.getWidth() > 5 * grid.getHeight(), "inputs beside their edits, in one row of six");

        Path path = temp.resolve("interpolate");
        Outcome interpolated = run("edit", "interpolate", "--run", runDir.toString(), "--images", images.resolve("digit0.png").toString(),
                "--to", images.resolve("digit1.png").toString(), "--frames", "5", "--steps", "4", "--out", path.toString(), "--gif",
                temp.resolve("path.gif").toString(), "-q");
        assertEquals(0, interpolated.exitCode(), interpolated.err());
        assertEquals(5, Files.list(path).filter(p -> !p.getFileName().toString().equals("grid.png")).count(), "one PNG per frame");
        assertTrue(Files.size(temp.resolve("path.gif")) > 0);
    }

    @Test
    void badEditsAreRefusedInOneLine() {
        Outcome strength = run("edit", "img2img", "--run", runDir.toString(), "--images", images.toString(), "--strength", "1.5", "-q");
        assertEquals(1, strength.exitCode());
        assertTrue(strength.err().contains("the strength must be in (0, 1]"), strength.err());
        Outcome mask = run("edit", "inpaint", "--run", runDir.toString(), "--images", images.toString(), "--mask", "left-third", "-q");
        assertEquals(1, mask.exitCode());
        assertTrue(mask.err().contains("unknown mask 'left-third'; name one of bottom-half"), mask.err());
        Outcome className = run("edit", "img2img", "--run", runDir.toString(), "--images", images.toString(), "--class", "cat", "-q");
        assertEquals(1, className.exitCode());
        assertTrue(className.err().contains("this run's classes are digits: use --digit"), className.err());
        Outcome missing = run("edit", "img2img", "--run", runDir.toString(), "--images", temp.resolve("nothing").toString(), "-q");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no images at"), missing.err());
        Outcome pairs = run("edit", "interpolate", "--run", runDir.toString(), "--images", images.toString(), "--to",
                images.resolve("digit1.png").toString(), "-q");
        assertEquals(1, pairs.exitCode());
        assertTrue(pairs.err().contains("3 images to interpolate from but 1 to; give pairs"), pairs.err());
        for (Outcome refused : List.of(strength, mask, className, missing, pairs)) {
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
        }
    }
}
