package org.diffusion4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed after scoring an epoch it had not checkpointed scores that epoch once, after it resumes. */
class QualityCurveResumeTest {

    @Test
    void rowsAfterTheCheckpointAndTornRowsAreDroppedOnResume(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(QualityCurve.FILE);
        Files.write(file, List.of(QualityCurve.HEADER, "1,10,300,40.1,,12.0", "2,20,300,30.2,,11.0", "3,30,300,25.3,,11.5", "4,4"));
        QualityCurve.resumeAt(new RunFolder(dir), 20);
        assertEquals(List.of(QualityCurve.HEADER, "1,10,300,40.1,,12.0", "2,20,300,30.2,,11.0"), Files.readAllLines(file));
    }
}
