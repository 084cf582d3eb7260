package org.diffusion4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusion4j.training.TrainingConfig;
import org.junit.jupiter.api.Test;

/** A folder's recipe follows its size: no folder is refused, none gets the MNIST preset's diverging rate. */
class FolderRecipeTest {

    private static long steps(TrainingConfig config, int trainingImages) {
        return (long) config.epochs() * (trainingImages / config.batchSize());
    }

    @Test
    void theEmojiGetTheBatchAndRateTheyTrainedWellWith() {
        TrainingConfig emoji = FolderRecipe.forFolder(3_403, 32).build();
        assertEquals(64, emoji.batchSize());
        assertEquals(1e-3, emoji.learningRate());
        long steps = steps(emoji, 3_403);
        // 50 passes' worth (2,658 steps) in whole epochs of 53 steps, well past the 780 steps the MNIST preset gave this folder.
        assertEquals(51 * 53, steps);
        assertEquals(270, emoji.warmupSteps());
        assertEquals(0.999, emoji.emaDecay());
        // v, not the noise: what turned the emoji's saturated squares into emoji (docs/RESULTS.md section 12).
        assertEquals(org.diffusion4j.core.denoisers.Prediction.V, emoji.prediction());
    }

    @Test
    void aLargeFolderIsCappedAndA64PixelOneCappedLower() {
        assertTrue(steps(FolderRecipe.forFolder(54_000, 32).build(), 54_000) <= 8_000 + 843);
        TrainingConfig large64 = FolderRecipe.forFolder(54_000, 64).build();
        long steps64 = steps(large64, 54_000);
        assertTrue(steps64 >= 2_000 && steps64 <= 2_000 + 843, "a quarter of the 32-pixel cap, at least the floor: " + steps64);
        assertEquals(500, FolderRecipe.forFolder(54_000, 32).build().warmupSteps());
        assertEquals(0.9995, FolderRecipe.forFolder(54_000, 32).build().emaDecay());
    }

    @Test
    void smallFoldersGetSmallBatchesAndStillTrainAtLeastTheFloor() {
        TrainingConfig seventyTwo = FolderRecipe.forFolder(65, 32).build();
        assertEquals(16, seventyTwo.batchSize());
        assertEquals(500, seventyTwo.epochs(), "2,000 steps of 4 batches an epoch");
        assertEquals(2, FolderRecipe.forFolder(9, 16).build().batchSize());
        assertEquals(1, FolderRecipe.forFolder(1, 16).build().batchSize());
    }
}
