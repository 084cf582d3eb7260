package org.diffusion4j.training.distributed;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.tensorflow.Server;
import org.tensorflow.proto.ConfigProto;

/**
 * This process's TensorFlow server, one task of a cluster. TensorFlow Java 1.1.0 cannot stop a server
 * ({@code Server.close()} throws "Clean shutdown is not currently implemented"), so there is one per process and
 * its port is freed when the process exits: a worker's life is this server plus a watch on the chief.
 */
public final class TaskServer {

    /** Consecutive failed connects to the chief, a second apart, that mean it has gone rather than hiccupped. */
    private static final int MISSES_FOR_GONE = 3;
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private final ClusterSpec cluster;
    private final int task;

    private TaskServer(ClusterSpec cluster, int task) {
        this.cluster = cluster;
        this.task = task;
    }

    /** Starts task's server; {@code sessionConfig} sets the threads the ops placed on it run on. */
    public static TaskServer start(ClusterSpec cluster, int task, ConfigProto sessionConfig) {
        if (!STARTED.compareAndSet(false, true)) {
            throw new IllegalStateException("this process already runs a TensorFlow server: TensorFlow Java cannot stop one, "
                    + "so each task needs its own process");
        }
        Server server;
        try {
            server = new Server(cluster.serverDef(task, sessionConfig));
            server.start();
        } catch (RuntimeException e) {
            STARTED.set(false);
            throw new ClusterException("cannot start task " + task + "'s server on " + cluster.address(task)
                    + " (is the port in use, or the host not this machine's?): " + e.getMessage().lines().findFirst().orElse(""));
        }
        return new TaskServer(cluster, task);
    }

    /**
     * A worker's life after {@link #start}: waits up to {@code waitForChief} for the chief's port to open, then serves
     * until that port has refused connections {@value #MISSES_FOR_GONE} times in a row, which happens when the chief's
     * process has ended (its server's port closes only then), whether it finished or failed. Watching the port rather
     * than waiting for a message means a chief that crashes, or is killed, still lets its workers go.
     */
    public void serveUntilChiefLeaves(Duration waitForChief, PrintStream log) {
        if (task == 0) {
            throw new IllegalStateException("task 0 is the chief; it trains rather than serves");
        }
        log.printf("task %d serving on %s; waiting for the chief (task 0, %s)%n", task, cluster.address(task), cluster.address(0));
        if (!TaskProbe.awaitAnswer(cluster, 0, waitForChief)) {
            throw new ClusterException("task " + task + ": the chief (task 0, " + cluster.address(0) + ") did not start within "
                    + waitForChief.toSeconds() + " s; start `diffusion4j train ... --task 0` on that machine");
        }
        log.printf("task %d: the chief is up; serving until it is done%n", task);
        int misses = 0;
        while (misses < MISSES_FOR_GONE) {
            LockSupport.parkNanos(POLL.toNanos());
            misses = TaskProbe.answers(cluster, 0) ? 0 : misses + 1;
        }
        log.printf("task %d: the chief has gone; stopping%n", task);
    }
}
