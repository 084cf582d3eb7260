package org.diffusion4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.diffusion4j.core.classifiers.ClassifierDescription;
import org.diffusion4j.core.classifiers.ClassifierInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classifier folders: what a description says the model reads, and where a folder's classifier lives by default. */
class ClassifierFolderTest {

    @Test
    void aDescriptionWrittenBeforeImageFoldersReadsAsMnist(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("classifier.json"), """
                {"model": "lenet5", "dataset": "mnist", "pixelRange": "[-1, 1]", "recipe": "12 epochs", "epochs": 12,
                 "validationAccuracy": 0.99, "testAccuracy": 0.99, "trainingSeconds": 60}""");
        assertEquals(ClassifierInput.MNIST, new ClassifierFolder(dir).readDescription().input());
    }

    @Test
    void aFolderClassifierKeepsItsSizeChannelsAndClassNames(@TempDir Path dir) {
        ClassifierInput input = new ClassifierInput(32, 3, List.of("flags", "food"));
        ClassifierFolder folder = new ClassifierFolder(dir);
        folder.writeDescription(new ClassifierDescription("lenet5", "/data/emoji", "[-1, 1]", "recipe", 3, 0.7, Double.NaN, 5, input));
        assertEquals(input, folder.readDescription().input());
    }

    @Test
    void eachImageFolderSizeAndChannelCountHasItsOwnDefaultClassifier() {
        Path home = Path.of("/home/someone");
        Path emoji = ClassifierFolder.defaultLocationForImages(Map.of(), home, Path.of("/data/emoji"), 32, 3);
        assertTrue(emoji.startsWith(home.resolve(".diffusion4j/classifiers")), emoji.toString());
        assertTrue(emoji.getFileName().toString().startsWith("lenet5-emoji-32px-3ch-"), emoji.toString());
        assertNotEquals(emoji, ClassifierFolder.defaultLocationForImages(Map.of(), home, Path.of("/data/emoji"), 64, 3));
        assertNotEquals(emoji, ClassifierFolder.defaultLocationForImages(Map.of(), home, Path.of("/other/emoji"), 32, 3),
                "two folders of one name are told apart by their paths");
        assertEquals(Path.of("/custom/classifiers").resolve(emoji.getFileName()), ClassifierFolder.defaultLocationForImages(
                Map.of(ClassifierFolder.HOME_ENV, "/custom"), home, Path.of("/data/emoji"), 32, 3));
    }
}
