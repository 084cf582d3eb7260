package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.diffusion4j.models.graph.Initialization;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's defaults, and training.json as older versions wrote it. */
class TrainingConfigTest {

    /** Every field away from its default. */
    private static final TrainingConfig UNUSUAL = TrainingConfig.builder().epochs(3).batchSize(7).learningRate(3e-4).warmupSteps(9)
            .cosineDecay(true).loss(LossType.L1).emaDecay(0.5).seed(9).checkpointEverySteps(4).threads(2)
            .initialization(Initialization.FAN_IN).labelDropout(0.2).precision(Precision.BF16).minSnrGamma(5).build();

    @Test
    void theDefaultsAreDocument000sRecipe() {
        TrainingConfig defaults = TrainingConfig.defaults();
        assertEquals(15, defaults.epochs());
        assertEquals(32, defaults.batchSize());
        assertEquals(1e-3, defaults.learningRate());
        assertEquals(0, defaults.warmupSteps());
        assertEquals(false, defaults.cosineDecay());
        assertEquals(LossType.MSE, defaults.loss());
        assertEquals(0.999, defaults.emaDecay());
        assertEquals(0, defaults.seed());
        assertEquals(0, defaults.checkpointEverySteps());
        assertEquals(0, defaults.threads());
        assertEquals(Initialization.GLOROT, defaults.initialization());
        assertEquals(0, defaults.labelDropout());
        assertEquals(Precision.FP32, defaults.precision());
        assertEquals(0, defaults.minSnrGamma());
    }

    @Test
    void toBuilderKeepsEveryField() {
        assertEquals(UNUSUAL, UNUSUAL.toBuilder().build());
        assertEquals(UNUSUAL.toBuilder().epochs(30).build(), UNUSUAL.withEpochs(30));
    }

    @Test
    void theBuilderChecksWhatItBuilds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().emaDecay(1).build());
        assertEquals("EMA decay must be in [0, 1), got 1.0", e.getMessage());
    }

    @Test
    void trainingJsonHoldsTheFieldsAndNothingElse(@TempDir Path dir) throws Exception {
        RunFolder run = new RunFolder(dir);
        run.writeJson(run.trainingConfigFile(), UNUSUAL);
        assertEquals(UNUSUAL, run.readJson(run.trainingConfigFile(), TrainingConfig.class));
        List<String> written = Pattern.compile("\"(\\w+)\" :").matcher(Files.readString(run.trainingConfigFile())).results()
                .map(m -> m.group(1)).toList();
        List<String> components = Arrays.stream(TrainingConfig.class.getRecordComponents()).map(RecordComponent::getName).toList();
        assertEquals(components, written);
    }

    /** The first training.json had neither the loss nor any field added after it. */
    @Test
    void aTrainingJsonFromTheFirstVersionReadsAsThoseRunsTrained(@TempDir Path dir) throws Exception {
        RunFolder run = new RunFolder(dir);
        Files.writeString(run.trainingConfigFile(), """
                {
                  "epochs" : 2,
                  "batchSize" : 16,
                  "learningRate" : 0.001,
                  "warmupSteps" : 3,
                  "cosineDecay" : true,
                  "emaDecay" : 0.99,
                  "seed" : 11,
                  "checkpointEverySteps" : 0,
                  "threads" : 1
                }
                """);
        TrainingConfig expected = TrainingConfig.builder().epochs(2).batchSize(16).learningRate(1e-3).warmupSteps(3).cosineDecay(true)
                .loss(LossType.MSE).emaDecay(0.99).seed(11).threads(1).initialization(Initialization.GLOROT).labelDropout(0)
                .precision(Precision.FP32).minSnrGamma(0).build();
        assertEquals(expected, run.readJson(run.trainingConfigFile(), TrainingConfig.class));
    }
}
