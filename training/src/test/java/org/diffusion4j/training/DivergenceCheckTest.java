package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A loss that is not finite, or far above what predicting nothing scores, stops the run. */
class DivergenceCheckTest {

    private static StepResult stepWithLoss(float loss) {
        return new StepResult(11, 100, loss, 1e-3, 1_000_000, 100, 1);
    }

    @Test
    void anExplodedLossStopsTheRunBeforeItIsNaN() {
        DivergenceCheck check = new DivergenceCheck();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> check.onStep(stepWithLoss(8.4e8f)));
        assertEquals("training diverged at step 10 (loss 8.4E8); lower --learning-rate and resume from the last checkpoint, "
                + "which is from before it", e.getMessage());
        assertThrows(IllegalStateException.class, () -> check.onStep(stepWithLoss(Float.NaN)));
        assertThrows(IllegalStateException.class, () -> check.onStep(stepWithLoss(Float.POSITIVE_INFINITY)));
    }

    @Test
    void lossesOfAModelThatIsStillLearningPass() {
        DivergenceCheck check = new DivergenceCheck();
        // An untrained network's first losses are about 1; a bad but recovering step can reach several.
        assertDoesNotThrow(() -> check.onStep(stepWithLoss(1.3f)));
        assertDoesNotThrow(() -> check.onStep(stepWithLoss(8.5f)));
        assertDoesNotThrow(() -> check.onStep(stepWithLoss(DivergenceCheck.LIMIT)));
    }
}
