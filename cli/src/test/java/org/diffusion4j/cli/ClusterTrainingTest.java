package org.diffusion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `train --cluster` and `train --devices` against one process: a chief and a worker as two JVMs on loopback, and two
 * virtual CPU devices, must end with one process's weights (EMA and Adam moments included) for the same global batch
 * and seed; a worker killed mid-run must stop the chief within seconds (not the --cluster-timeout) with a one-line error and
 * a whole checkpoint, from which the resumed cluster run ends where the uninterrupted one does.
 */
class ClusterTrainingTest {

    /** How soon the chief must stop, with its error, once a worker's process has been killed. */
    private static final int DEAD_WORKER_REPORTED_WITHIN_SECONDS = 10;

    /** 13 steps an epoch (216 training digits, batch 16 split 8 and 8), 2 epochs: long enough to kill a worker inside. */
    private static List<String> trainArgs(Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--run", run.toString(), "--data", TestData.mnist().toString(),
                "--preset", "demo", "--limit", "240", "--epochs", "2", "--batch-size", "16", "--warmup-steps", "3",
                "--ema-decay", "0.99", "--seed", "17", "--timesteps", "20", "--model-channels", "8", "--channel-multipliers", "1,2",
                "--groups", "4", "--heads", "2", "--threads", "1", "--quiet", "--no-sample", "--no-tensorboard"));
        args.addAll(List.of(more));
        return args;
    }

    @TempDir
    static Path shared;

    private static Map<String, ParameterValue> reference;

    @BeforeAll
    static void trainInOneProcess() {
        Path run = shared.resolve("one-process");
        assertEquals(0, Diffusion4j.commandLine().execute(trainArgs(run).toArray(String[]::new)));
        reference = ParameterFile.read(new RunFolder(run).checkpointFile()).values();
    }

    @Test
    void aChiefAndAWorkerOnLoopbackEndWithTheWeightsOfOneProcess(@TempDir Path dir) throws Exception {
        String cluster = loopbackCluster();
        Path run = dir.resolve("cluster");
        Process worker = Cli.launch(trainArgs(dir.resolve("unused"), "--cluster", cluster, "--task", "1"), dir.resolve("worker.log"));
        Process chief = Cli.launch(trainArgs(run, "--cluster", cluster, "--task", "0"), dir.resolve("chief.log"));
        assertEquals(0, finish(chief, 120, dir.resolve("chief.log")), Files.readString(dir.resolve("chief.log")));
        // The worker notices that the chief's port has closed and ends by itself.
        assertEquals(0, finish(worker, 30, dir.resolve("worker.log")), Files.readString(dir.resolve("worker.log")));
        assertTrue(Files.readString(dir.resolve("worker.log")).contains("the chief has gone"), Files.readString(dir.resolve("worker.log")));
        assertTrue(!Files.exists(dir.resolve("unused")), "a worker writes no run folder");
        assertSameWeights(reference, ParameterFile.read(new RunFolder(run).checkpointFile()).values());
    }

    @Test
    void twoVirtualCpuDevicesEndWithTheWeightsOfOneProcess(@TempDir Path dir) {
        Path run = dir.resolve("devices");
        Cli.Outcome outcome = Cli.run(trainArgs(run, "--devices", "2").toArray(String[]::new));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertSameWeights(reference, ParameterFile.read(new RunFolder(run).checkpointFile()).values());
    }

    @Test
    void aKilledWorkerStopsTheChiefAndTheResumedRunEndsWithTheUninterruptedWeights(@TempDir Path dir) throws Exception {
        String cluster = loopbackCluster();
        Path run = dir.resolve("cluster");
        Path checkpoint = new RunFolder(run).checkpointFile();
        // The default --cluster-timeout (120 s): a worker that dies is reported when TensorFlow says so, not after it.
        String[] chiefOptions = {"--cluster", cluster, "--task", "0", "--checkpoint-every", "1"};
        Process worker = Cli.launch(trainArgs(dir.resolve("unused"), "--cluster", cluster, "--task", "1"), dir.resolve("worker.log"));
        Process chief = Cli.launch(trainArgs(run, chiefOptions), dir.resolve("chief.log"));
        long step = awaitCheckpointStep(chief, checkpoint, 3, dir.resolve("chief.log"));
        worker.destroyForcibly();
        long killedAt = System.nanoTime();
        boolean stopped = chief.waitFor(DEAD_WORKER_REPORTED_WITHIN_SECONDS, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        if (!stopped) {
            chief.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("chief.log"));
        assertTrue(stopped, "the chief was still running " + DEAD_WORKER_REPORTED_WITHIN_SECONDS
                + " s after its worker was killed (--cluster-timeout 120 s):\n" + log);
        assertTrue(chief.exitValue() != 0, "the chief finished before the kill took effect; make the run longer\n" + log);
        List<String> errors = log.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), log);
        assertTrue(errors.get(0).startsWith("error: task 1 (" + cluster.split(",")[1] + ") is gone (") && errors.get(0).contains("--resume"),
                errors.get(0));
        assertTrue(!log.contains("\tat "), "no stack trace:\n" + log);
        long left = Long.parseLong(ParameterFile.read(checkpoint).metadata().get("step"));
        assertTrue(left >= step && left < 26, "the checkpoint is whole, at step " + left);
        System.out.printf("ClusterTrainingTest: worker killed after step %d, chief stopped %.1f s later with: %s%n", left, seconds,
                errors.get(0));

        Process again = Cli.launch(trainArgs(dir.resolve("unused"), "--cluster", cluster, "--task", "1"), dir.resolve("worker2.log"));
        Process resumed = Cli.launch(trainArgs(run, append(chiefOptions, "--resume")), dir.resolve("resumed.log"));
        assertEquals(0, finish(resumed, 120, dir.resolve("resumed.log")), Files.readString(dir.resolve("resumed.log")));
        assertEquals(0, finish(again, 30, dir.resolve("worker2.log")), Files.readString(dir.resolve("worker2.log")));
        assertSameWeights(reference, ParameterFile.read(checkpoint).values());
    }

    @Test
    void aMissingWorkerIsNamedWithinTheTimeout(@TempDir Path dir) throws Exception {
        String cluster = loopbackCluster();
        long start = System.nanoTime();
        Process chief = Cli.launch(trainArgs(dir.resolve("run"), "--cluster", cluster, "--task", "0", "--cluster-timeout", "3"),
                dir.resolve("chief.log"));
        assertEquals(1, finish(chief, 60, dir.resolve("chief.log")));
        double seconds = (System.nanoTime() - start) / 1e9;
        String log = Files.readString(dir.resolve("chief.log"));
        assertTrue(log.contains("error: task 1 (" + cluster.split(",")[1] + ") did not answer within 3 s"), log);
        assertTrue(seconds < 30, "named after " + seconds + " s");
    }

    /** Every tensor of the checkpoint (weights, EMA, Adam moments) to 1e-5. */
    private static void assertSameWeights(Map<String, ParameterValue> expected, Map<String, ParameterValue> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        double largest = 0;
        for (String name : expected.keySet()) {
            float[] e = expected.get(name).values();
            float[] a = actual.get(name).values();
            for (int i = 0; i < e.length; i++) {
                largest = Math.max(largest, Math.abs(e[i] - a[i]));
                assertEquals(e[i], a[i], 1e-5, name + "[" + i + "]");
            }
        }
        System.out.printf("ClusterTrainingTest: largest difference from one process %.2e%n", largest);
    }

    /** Two free loopback ports; another process could take one before the servers do, which would fail loudly. */
    private static String loopbackCluster() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            return "127.0.0.1:" + a.getLocalPort() + ",127.0.0.1:" + b.getLocalPort();
        }
    }

    private static String[] append(String[] options, String more) {
        String[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = more;
        return all;
    }


    private static int finish(Process process, int seconds, Path log) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + seconds + " s:\n" + Files.readString(log));
        }
        return process.exitValue();
    }

    /** Waits until the chief has checkpointed at least {@code step} steps; returns the step it reached. */
    private static long awaitCheckpointStep(Process chief, Path checkpoint, long step, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(checkpoint)) {
                try {
                    long done = Long.parseLong(ParameterFile.read(checkpoint).metadata().get("step"));
                    if (done >= step) {
                        return done;
                    }
                } catch (RuntimeException replacedWhileRead) {
                    // The atomic replace can race the read; try again.
                }
            }
            if (!chief.isAlive()) {
                throw new AssertionError("the chief ended before step " + step + ":\n" + Files.readString(log));
            }
            LockSupport.parkNanos(20_000_000);
        }
        chief.destroyForcibly();
        throw new AssertionError("no checkpoint at step " + step + " within 90 s:\n" + Files.readString(log));
    }
}
