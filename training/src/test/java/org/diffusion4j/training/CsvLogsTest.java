package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resume keeps of the CSV logs that a kill left behind. */
class CsvLogsTest {

    @Test
    void aStepsRowTornInsideItsStepIsDroppedNotReadAsAnEarlierStep(@TempDir Path folder) throws Exception {
        RunFolder run = new RunFolder(folder);
        // Killed while appending the row of step 150: only "15" reached the disk.
        Files.writeString(run.stepsFile(), "step,train_loss\n50,0.500000\n100,0.400000\n15");
        CsvLogs.resumed(run, 100);
        assertEquals(List.of("step,train_loss", "50,0.500000", "100,0.400000"), Files.readAllLines(run.stepsFile()));
    }

    @Test
    void rowsPastTheCheckpointAndTornRowsGoWellFormedEarlierRowsStay(@TempDir Path folder) throws Exception {
        RunFolder run = new RunFolder(folder);
        Files.writeString(run.stepsFile(), "step,train_loss\n50,0.500000\n100,0.400000\n150,0.300000\n200,");
        CsvLogs.resumed(run, 150);
        assertEquals(List.of("step,train_loss", "50,0.500000", "100,0.400000", "150,0.300000"), Files.readAllLines(run.stepsFile()));
        CsvLogs.resumed(run, 60);
        assertEquals(List.of("step,train_loss", "50,0.500000"), Files.readAllLines(run.stepsFile()));
    }
}
