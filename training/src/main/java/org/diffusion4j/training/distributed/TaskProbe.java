package org.diffusion4j.training.distributed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether a task's server accepts connections, by a plain TCP connect. TensorFlow has no such check of its own:
 * a session whose worker is missing waits forever ("CreateSession still waiting for response from worker"), so
 * the chief looks first and names the missing task, and a worker watches the chief's port to know when it is done.
 */
final class TaskProbe {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);

    private TaskProbe() {
    }

    /** Whether something listens at task's address now. */
    static boolean answers(ClusterSpec cluster, int task) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(cluster.host(task), cluster.port(task)), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Tries until the task answers or {@code timeout} has passed; tasks may start in any order, so one refusal proves nothing. */
    static boolean awaitAnswer(ClusterSpec cluster, int task, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (answers(cluster, task)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            LockSupport.parkNanos(RETRY_PAUSE.toNanos());
        }
    }

    /** Waits for tasks 1..N-1 together; throws naming the first that did not answer within {@code timeout}. */
    static void awaitWorkers(ClusterSpec cluster, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int task = 1; task < cluster.tasks(); task++) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!awaitAnswer(cluster, task, left)) {
                throw new ClusterException("task " + task + " (" + cluster.address(task) + ") did not answer within " + timeout.toSeconds()
                        + " s: start `diffusion4j train --cluster ... --task " + task + "` on that machine, or check the address and firewall");
            }
        }
    }
}
