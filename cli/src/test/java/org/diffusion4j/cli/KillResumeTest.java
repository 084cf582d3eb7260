package org.diffusion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at random moments, checkpoint writes included, must never cost more than the steps since the
 * last checkpoint: a child JVM runs {@code diffusion4j train} on a tiny model that checkpoints after every step,
 * is killed with SIGKILL ten times on the same run folder, resumed each time from whatever is on disk, and must
 * end with the weights of a run that was never interrupted. Every other kill lands inside a checkpoint write for
 * certain: the children hold each write's temporary file for {@link #WRITE_PAUSE_MILLIS} before the rename (a
 * test-only property of the checkpoint writer), and the test kills once that file has appeared.
 */
class KillResumeTest {

    private static final int KILLS = 10;
    private static final long SEED = 20_261_126L;
    /** How long a child's checkpoint write keeps its temporary file before the rename (Checkpointer's test pause). */
    private static final long WRITE_PAUSE_MILLIS = 500;
    /** A kill aimed at a write comes this long at most after its temporary file appears: well inside the pause. */
    private static final long KILL_IN_WRITE_WITHIN_MILLIS = 200;
    private static final String PAUSE_OPTION = "-Ddiffusion4j.test.checkpointPauseMillis=" + WRITE_PAUSE_MILLIS;

    /**
     * Tiny U-Net, 270 training digits, batch 16: 2 epochs of 16 steps, each followed by a checkpoint. A life
     * gets one or two steps done before its kill (more on a loaded machine), so ten kills end short of step 32
     * and usually cross the epoch end.
     */
    private static List<String> trainArgs(Path run, boolean resume) {
        List<String> args = new ArrayList<>(List.of("train", "--run", run.toString(), "--data", TestData.mnist().toString(),
                "--preset", "demo", "--limit", "300", "--epochs", "2", "--batch-size", "16", "--warmup-steps", "3",
                "--ema-decay", "0.99", "--seed", "11", "--timesteps", "20", "--model-channels", "8", "--channel-multipliers", "1,2",
                "--groups", "4", "--heads", "2", "--checkpoint-every", "1", "--threads", "1", "--quiet", "--no-sample"));
        if (resume) {
            args.add("--resume");
        }
        return args;
    }

    @Test
    void tenKillsThenResumeEndWithTheUninterruptedWeights(@TempDir Path temp) throws Exception {
        Path reference = temp.resolve("reference");
        assertEquals(0, Diffusion4j.commandLine().execute(trainArgs(reference, false).toArray(String[]::new)));

        Path runDir = temp.resolve("killed");
        RunFolder run = new RunFolder(runDir);
        Path checkpoint = run.checkpointFile();
        Path partial = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
        Random random = new Random(SEED);
        int killedInWrite = 0;
        long step = -1;
        for (int kill = 1; kill <= KILLS; kill++) {
            FileTime before = Files.exists(checkpoint) ? Files.getLastModifiedTime(checkpoint) : null;
            Path log = temp.resolve("life-" + kill + ".log");
            // Resume only from a checkpoint: a life killed before its first one leaves nothing to resume.
            Process child = Cli.launch(trainArgs(runDir, run.hasCheckpoint()), log, PAUSE_OPTION);
            awaitNewCheckpoint(child, checkpoint, before, log);
            boolean aimedAtWrite = kill % 2 == 1;
            if (aimedAtWrite) {
                // Anywhere in the write: its bytes, the flush to disk or the pause before the rename.
                awaitWriteUnderWay(partial, child, log);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextLong(KILL_IN_WRITE_WITHIN_MILLIS)));
            } else {
                LockSupport.parkNanos(random.nextInt(40_000_000));
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child of life " + kill + " did not end within 30 s");
            assertTrue(child.exitValue() != 0, "life " + kill + " finished before it was killed; make the run longer\n" + Files.readString(log));
            // The temporary file outlives the process only if the kill came before its rename.
            boolean inWrite = Files.exists(partial);
            assertTrue(inWrite || !aimedAtWrite, "life " + kill + " was killed after its checkpoint write had ended, not inside it");
            killedInWrite += inWrite ? 1 : 0;
            // Whatever the kill interrupted, the checkpoint on disk is whole and further along than before this life;
            // the next life resumes from it.
            long now = Long.parseLong(ParameterFile.read(checkpoint).metadata().get("step"));
            assertTrue(now > step, "life " + kill + " left step " + now + " after step " + step);
            step = now;
        }
        assertTrue(killedInWrite >= 3, "only " + killedInWrite + " of " + KILLS + " kills landed inside a checkpoint write");
        Process last = Cli.launch(trainArgs(runDir, true), temp.resolve("last.log"));
        if (!last.waitFor(120, TimeUnit.SECONDS)) {
            last.destroyForcibly();
            throw new AssertionError("the last resume did not finish within 120 s:\n" + Files.readString(temp.resolve("last.log")));
        }
        assertEquals(0, last.exitValue(), Files.readString(temp.resolve("last.log")));
        System.out.printf("KillResumeTest: %d kills, %d inside a checkpoint write, last kill at step %d%n", KILLS, killedInWrite, step);

        try (var files = Files.list(runDir)) {
            List<String> leftovers = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertTrue(leftovers.isEmpty(), "temporary files left: " + leftovers);
        }
        Map<String, ParameterValue> expected = ParameterFile.read(new RunFolder(reference).checkpointFile()).values();
        Map<String, ParameterValue> actual = ParameterFile.read(checkpoint).values();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            float[] e = expected.get(name).values();
            float[] a = actual.get(name).values();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-6 + 1e-5 * Math.abs(e[i]), name + "[" + i + "]");
            }
        }
        // One history row per epoch, none lost or doubled by a kill between the log and the checkpoint.
        List<String> history = Files.readAllLines(run.historyFile());
        List<String> referenceHistory = Files.readAllLines(new RunFolder(reference).historyFile());
        assertEquals(referenceHistory.size(), history.size(), String.join("\n", history));
        for (int row = 1; row < history.size(); row++) {
            String[] got = history.get(row).split(",");
            String[] want = referenceHistory.get(row).split(",");
            assertEquals(want[0] + "," + want[1], got[0] + "," + got[1], "epoch and step of row " + row);
            assertEquals(Double.parseDouble(want[3]), Double.parseDouble(got[3]), 1e-5, "validation loss of epoch " + want[0]);
        }
    }


    /** Waits until this life has replaced the checkpoint once: its resume worked and it is training. */
    private static void awaitNewCheckpoint(Process child, Path checkpoint, FileTime before, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(checkpoint)) {
                try {
                    if (before == null || !Files.getLastModifiedTime(checkpoint).equals(before)) {
                        return;
                    }
                } catch (java.nio.file.NoSuchFileException replacedJustNow) {
                    continue;
                }
            }
            if (!child.isAlive()) {
                throw new AssertionError("the child ended (exit " + child.exitValue() + ") before writing a checkpoint:\n"
                        + Files.readString(log));
            }
            LockSupport.parkNanos(200_000);
        }
        child.destroyForcibly();
        throw new AssertionError("no new checkpoint within 60 s: " + checkpoint + " was not replaced\n" + Files.readString(log));
    }

    /** Waits until {@code partial} exists: a checkpoint write of this life is under way. */
    private static void awaitWriteUnderWay(Path partial, Process child, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(partial)) {
            if (!child.isAlive()) {
                throw new AssertionError("the child ended (exit " + child.exitValue() + ") before starting a checkpoint write (" + partial
                        + "):\n" + Files.readString(log));
            }
            if (System.nanoTime() >= deadline) {
                child.destroyForcibly();
                throw new AssertionError("no checkpoint write began within 60 s: " + partial + " did not appear\n" + Files.readString(log));
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
