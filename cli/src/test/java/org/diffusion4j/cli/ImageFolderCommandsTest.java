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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.diffusion4j.cli.Cli.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --images on a tiny generated colour folder, sample a class by name, train the folder's classifier and evaluate against the
 * held-out images; the options refused where they cannot apply.
 */
class ImageFolderCommandsTest {

    /** A network small enough for a test: 16x16 RGB in two levels, 20 diffusion steps. */
    private static final List<String> TINY = List.of("--preset", "demo", "--epochs", "1", "--batch-size", "8", "--model-channels", "8",
            "--channel-multipliers", "1,2", "--groups", "4", "--heads", "2", "--timesteps", "20", "--quiet", "--tensorboard-images", "0",
            "--quality-every", "0");

    private static final ObjectMapper JSON = new ObjectMapper();

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
                shared.resolve("cache").toString(), "--quiet", "--no-sample", "--quality-every", "0");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(3, Files.readAllLines(runDir.resolve("history.csv")).size(), "a header and two epochs");

        Outcome changed = run("train", "--resume", "--run", runDir.toString(), "--epochs", "3", "--image-size", "32", "--quiet");
        assertEquals(1, changed.exitCode());
        assertTrue(changed.err().contains("--image-size is fixed when a run starts"), changed.err());

        evaluatesAgainstItsHeldOutImages(runDir, dir);
        exportsNameTheirClasses(runDir, dir);
    }

    /**
     * A Serving client must be able to tell what label 1 is: the export names the folder's classes in its manifest, its inputs'
     * description and assets/classes.txt, records the TensorFlow that wrote it, and sample-imported draws a class by name.
     */
    private static void exportsNameTheirClasses(Path runDir, Path dir) throws IOException {
        Path base = dir.resolve("serving");
        Outcome exported = run("export", "--run", runDir.toString(), "--base", base.toString(), "--name", "shapes", "--version", "1",
                "--sample-steps", "2");
        assertEquals(0, exported.exitCode(), exported.err());
        Path savedModel = base.resolve("shapes").resolve("1");
        assertEquals(List.of("blue", "red"), Files.readAllLines(savedModel.resolve("assets").resolve("classes.txt")));
        JsonNode manifest = JSON.readTree(savedModel.resolve("assets").resolve("diffusion4j.json").toFile());
        assertEquals("[\"blue\",\"red\"]", manifest.get("classNames").toString());
        String inputs = manifest.get("inputs").asText();
        assertTrue(inputs.contains("labels int32 [-1]: 0 blue, 1 red (2: no label; names in assets/classes.txt)") && !inputs.contains("digits"),
                inputs);

        Outcome inspected = run("inspect", savedModel.toString());
        assertEquals(0, inspected.exitCode(), inspected.err());
        assertTrue(inspected.out().contains("written by TensorFlow " + org.tensorflow.TensorFlow.version()), inspected.out());
        for (String signature : List.of("serving_default", "sample", "edit")) {
            assertTrue(inspected.out().contains("  " + signature + ": ok"), "inspect lists and scans " + signature + ": " + inspected.out());
        }

        Path redGrid = dir.resolve("imported-red.png");
        Outcome red = run("sample-imported", savedModel.toString(), "--class", "red", "--count", "2", "--columns", "2", "--sampler", "ddim",
                "--steps", "2", "--out", redGrid.toString());
        assertEquals(0, red.exitCode(), red.err());
        assertTrue(isRgb(redGrid));
        Outcome digit = run("sample-imported", savedModel.toString(), "--digit", "1", "--count", "2");
        assertEquals(1, digit.exitCode());
        assertTrue(digit.err().contains("use --class NAME (blue, red)"), digit.err());
    }

    /**
     * The folder's own LeNet-5 scores the run against the images it held out, the training images giving the floor; a
     * SavedModel's features give the same distance when that SavedModel is this LeNet-5 exported.
     */
    private static void evaluatesAgainstItsHeldOutImages(Path runDir, Path dir) throws IOException {
        String cache = shared.resolve("cache").toString();
        Outcome untrained = run("evaluate", "--run", runDir.toString(), "--image-cache", cache, "--quiet");
        assertEquals(1, untrained.exitCode());
        assertTrue(untrained.err().contains("run 'diffusion4j classifier train --images " + images.toAbsolutePath() + " --image-size 16 "
                + "--split-seed 42' first"), untrained.err());

        Path classifier = dir.resolve("lenet");
        Outcome trained = run("classifier", "train", "--images", images.toString(), "--image-size", "16", "--out", classifier.toString(),
                "--epochs", "20", "--batch-size", "8", "--image-cache", cache, "--quiet");
        assertEquals(0, trained.exitCode(), trained.err());
        JsonNode description = JSON.readTree(classifier.resolve("classifier.json").toFile());
        assertEquals(16, description.get("input").get("imageSize").asInt());
        assertEquals(3, description.get("input").get("channels").asInt());
        assertEquals("[\"blue\",\"red\"]", description.get("input").get("classNames").toString());
        // Red against blue is as easy as classification gets: anything short of near-perfect means the folder path is broken.
        assertTrue(description.get("validationAccuracy").asDouble() >= 0.8, description.toString());

        List<String> evaluate = List.of("evaluate", "--run", runDir.toString(), "--classifier", classifier.toString(), "--image-cache", cache,
                "--count", "12", "--sampler", "ddim", "--steps", "2", "--kid-subsets", "2", "--quiet");
        Path report = dir.resolve("lenet.json");
        Outcome scored = run(with(evaluate, "--out", report.toString()));
        assertEquals(0, scored.exitCode(), scored.err());
        JsonNode json = JSON.readTree(report.toFile());
        assertEquals("held-out", json.get("reference").asText());
        assertEquals(images.toAbsolutePath().toString(), json.get("dataset").asText());
        assertEquals(List.of("held-out", "train", "generated", "random"), rowNames(json));
        assertEquals(12, json.get("rows").get(2).get("count").asInt());
        assertEquals(2, json.get("classScores").get(0).get("classAccuracy").size(), "the share asked-for per class, for both classes");
        assertClassesAskedInTheHeldOutMix(json, 12);
        JsonNode referenceRow = json.get("rows").get(0);
        assertTrue(referenceRow.get("reference").asBoolean() && referenceRow.get("fld").isNull() && referenceRow.get("kidMean").isNull(),
                "the held-out images are the reference, not a score: " + referenceRow);
        assertTrue(scored.out().contains("(the reference: rows are scored against it)"), scored.out());
        assertTrue(scored.out().contains("KID: the unbiased MMD² with a cubic kernel, in raw feature units"), scored.out());
        assertTrue(json.get("features").isNull(), "the FLD is in LeNet-5's own features");

        Path models = dir.resolve("models");
        Outcome exported = run("export", "--classifier", classifier.toString(), "--base", models.toString(), "--name", "lenet",
                "--version", "1");
        assertEquals(0, exported.exitCode(), exported.err());
        Path savedModel = models.resolve("lenet").resolve("1");
        Path viaFeatures = dir.resolve("features.json");
        Outcome featured = run(with(evaluate, "--out", viaFeatures.toString(), "--features", savedModel.toString()));
        assertEquals(0, featured.exitCode(), featured.err());
        JsonNode other = JSON.readTree(viaFeatures.toFile());
        assertEquals(savedModel.toString(), other.get("features").asText());
        for (int row = 1; row < 4; row++) {
            double direct = json.get("rows").get(row).get("fld").asDouble();
            // The same weights and ops through a SavedModel: float32 rounding apart, the same distance.
            assertEquals(direct, other.get("rows").get(row).get("fld").asDouble(), 1e-4 * Math.max(1, direct), "row " + row);
        }
    }

    /**
     * The folder's 48 images hold out 5, so its two classes cannot be held out evenly: asked in turn, the generated images
     * would be 6 and 6, not the held-out mix.
     */
    private static void assertClassesAskedInTheHeldOutMix(JsonNode report, int count) {
        assertEquals("REFERENCE", report.get("classMix").asText());
        int[] heldOut = {report.get("testLabelCounts").get(0).asInt(), report.get("testLabelCounts").get(1).asInt()};
        assertEquals(5, heldOut[0] + heldOut[1]);
        JsonNode asked = report.get("classScores").get(0).get("askedCounts");
        for (int k = 0; k < 2; k++) {
            double share = count * heldOut[k] / 5.0;
            assertTrue(Math.abs(asked.get(k).asInt() - share) < 1, "class " + k + ": asked " + asked + " for held-out " + heldOut[0] + "/"
                    + heldOut[1]);
        }
    }

    private static String[] with(List<String> base, String... more) {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static List<String> rowNames(JsonNode report) {
        List<String> names = new ArrayList<>();
        report.get("rows").forEach(row -> names.add(row.get("name").asText()));
        return names;
    }

    /**
     * Without a preset a folder gets the recipe of its size, printed and kept in training.json; a batch larger than the folder
     * shrinks to it with one line, where it used to be refused.
     */
    @Test
    void aFolderGetsTheRecipeOfItsSizeAndABatchLargerThanItShrinks(@TempDir Path dir) throws IOException {
        List<String> small = List.of("--epochs", "1", "--model-channels", "8", "--channel-multipliers", "1,2", "--groups", "4", "--heads",
                "2", "--timesteps", "20", "--tensorboard-images", "0", "--no-sample", "--quality-every", "0");
        Path recipeRun = dir.resolve("recipe");
        Outcome recipe = run(with(List.of("train", "--images", images.toString(), "--image-size", "16", "--run", recipeRun.toString(),
                "--image-cache", shared.resolve("cache").toString()), small.toArray(String[]::new)));
        assertEquals(0, recipe.exitCode(), recipe.err());
        assertTrue(recipe.out().contains("folder recipe for 43 training images: batch 8"), recipe.out());
        JsonNode training = JSON.readTree(recipeRun.resolve("training.json").toFile());
        assertEquals(8, training.get("batchSize").asInt());
        assertEquals(1e-3, training.get("learningRate").asDouble());

        Path shrunkRun = dir.resolve("shrunk");
        Outcome shrunk = run(with(List.of("train", "--images", images.toString(), "--image-size", "16", "--run", shrunkRun.toString(),
                "--image-cache", shared.resolve("cache").toString(), "--batch-size", "64"), small.toArray(String[]::new)));
        assertEquals(0, shrunk.exitCode(), shrunk.err());
        assertTrue(shrunk.out().contains("note: batch 64 is more than the folder's 43 training images; training with batches of 43"),
                shrunk.out());
        assertEquals(43, JSON.readTree(shrunkRun.resolve("training.json").toFile()).get("batchSize").asInt());

        // A time budget: the epochs come from a timed probe and are fixed in training.json.
        Path timedRun = dir.resolve("timed");
        // Left to its default, the curve is skipped: the folder holds out too few images to score against.
        List<String> timedOptions = new ArrayList<>(small.subList(2, small.size() - 2));
        timedOptions.addAll(List.of("--minutes", "0.1"));
        Outcome timed = run(with(List.of("train", "--images", images.toString(), "--image-size", "16", "--run", timedRun.toString(),
                "--image-cache", shared.resolve("cache").toString()), timedOptions.toArray(String[]::new)));
        assertEquals(0, timed.exitCode(), timed.err());
        assertTrue(timed.out().contains("--minutes 0.1: a step took"), timed.out());
        assertTrue(timed.out().contains("note: no quality curve by default: the folder holds out"), timed.out());
        assertTrue(Files.notExists(timedRun.resolve("quality.csv")), "no curve was drawn");
        int epochs = JSON.readTree(timedRun.resolve("training.json").toFile()).get("epochs").asInt();
        assertEquals(epochs, Files.readAllLines(timedRun.resolve("history.csv")).size() - 1, "the fixed epochs are the epochs trained");
    }

    /** A folder run scores itself while it trains: a point per epoch in quality.csv and the progress, its LeNet-5 trained first. */
    @Test
    void aConditionalFolderRunDrawsItsQualityCurve(@TempDir Path dir) throws IOException {
        Path runDir = dir.resolve("curve");
        Path lenet = dir.resolve("lenet");
        List<String> args = new ArrayList<>(List.of("train", "--images", images.toString(), "--image-size", "16", "--run", runDir.toString(),
                "--image-cache", shared.resolve("cache").toString(), "--conditional", "--epochs", "2", "--quality-every", "1",
                "--quality-samples", "24", "--quality-classifier", lenet.toString(), "--no-sample", "--prediction", "v", "--class-balance", "1"));
        // TINY's network, without its epoch count and its switched-off curve.
        int i = 0;
        while (i < TINY.size()) {
            boolean valued = i + 1 < TINY.size() && !TINY.get(i + 1).startsWith("--");
            if (!List.of("--epochs", "--quality-every").contains(TINY.get(i))) {
                args.addAll(TINY.subList(i, valued ? i + 2 : i + 1));
            }
            i += valued ? 2 : 1;
        }
        Outcome trained = run(args.toArray(String[]::new));
        assertEquals(0, trained.exitCode(), trained.err());
        assertTrue(Files.isRegularFile(lenet.resolve("classifier.json")), "the folder's LeNet-5 was trained first");
        // The network learnt v (model.json tells the samplers, which the curve's points went through) on balanced classes.
        assertEquals("V", JSON.readTree(runDir.resolve("model.json").toFile()).get("prediction").asText());
        JsonNode recipe = JSON.readTree(runDir.resolve("training.json").toFile());
        assertEquals("V", recipe.get("prediction").asText());
        assertEquals(1.0, recipe.get("classBalance").asDouble());
        List<String> rows = Files.readAllLines(runDir.resolve("quality.csv"));
        assertEquals("epoch,step,samples,fld,on_label,seconds", rows.get(0));
        assertEquals(3, rows.size(), "a point after each of the 2 epochs: " + rows);
        for (String row : rows.subList(1, 3)) {
            String[] fields = row.split(",");
            assertEquals("24", fields[2]);
            assertTrue(Double.isFinite(Double.parseDouble(fields[3])) && Double.parseDouble(fields[3]) >= 0, row);
            double onLabel = Double.parseDouble(fields[4]);
            assertTrue(onLabel >= 0 && onLabel <= 1, row);
        }
        assertTrue(trained.out().contains("epoch 2 quality: FLD"), trained.out());
        BufferedImage plot = ImageIO.read(runDir.resolve("quality.png").toFile());
        assertTrue(plot != null && plot.getWidth() == 800, "the curve is drawn as quality.png");
        boolean inTensorBoard = false;
        try (java.util.stream.Stream<Path> events = Files.list(runDir.resolve("tensorboard"))) {
            for (Path file : events.toList()) {
                inTensorBoard |= new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains("quality/fld");
            }
        }
        assertTrue(inTensorBoard, "the curve's points are in TensorBoard too");
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

        Path flat = Files.createDirectories(dir.resolve("flat"));
        for (int i = 0; i < 4; i++) {
            Files.copy(images.resolve("red").resolve(i + ".png"), flat.resolve(i + ".png"));
        }
        Outcome oneClass = run("classifier", "train", "--images", flat.toString(), "--image-size", "16", "--out", dir.resolve("c1").toString(),
                "--image-cache", dir.resolve("c").toString(), "--quiet");
        assertEquals(1, oneClass.exitCode());
        assertTrue(oneClass.err().contains("a classifier needs at least 2 classes") && oneClass.err().contains("one sub-folder per class"),
                oneClass.err());

        Outcome tooSmall = run("classifier", "train", "--images", images.toString(), "--image-size", "30", "--out", dir.resolve("c2").toString(),
                "--image-cache", shared.resolve("cache").toString(), "--quiet");
        assertEquals(1, tooSmall.exitCode());
        assertTrue(tooSmall.err().contains("LeNet-5 cannot read 30x30 images"), tooSmall.err());

        for (Outcome outcome : List.of(both, data, zero, gone, none, odd, mnistOnly, oneClass, tooSmall)) {
            assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        }
    }
}
