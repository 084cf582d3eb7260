package org.diffusion4j.training.distributed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;

/**
 * One replica per task of a cluster, run from the chief (task 0), which holds the variables and feeds every
 * replica's share of the batch. Make it with {@link #startChief} in the chief's process.
 */
public final class ClusterReplication implements Replication {

    /** How TensorFlow names the task an error came from, e.g. "From /job:worker/replica:0/task:1:". */
    private static final Pattern TASK_IN_ERROR = Pattern.compile("/job:" + ClusterSpec.JOB + "/replica:\\d+/task:(\\d+)");

    /** What gRPC says when a task's process has ended: its socket closed, or nothing listens at its port any more. */
    private static final Pattern CONNECTION_LOST = Pattern.compile("Socket closed|Connection reset|Connection refused|failed to connect");

    private final ClusterSpec cluster;
    private final Duration timeout;

    private ClusterReplication(ClusterSpec cluster, Duration timeout) {
        this.cluster = cluster;
        this.timeout = timeout;
    }

    /**
     * Starts this process's server as task 0 and waits up to {@code timeout} for every other task to answer, then
     * returns the replication whose runs fail after {@code timeout} too. {@code sessionConfig} sets the threads of
     * this task's server.
     */
    public static ClusterReplication startChief(ClusterSpec cluster, ConfigProto sessionConfig, Duration timeout) {
        TaskServer.start(cluster, 0, sessionConfig);
        TaskProbe.awaitWorkers(cluster, timeout);
        return new ClusterReplication(cluster, timeout);
    }

    @Override
    public List<String> replicaDevices() {
        List<String> devices = new ArrayList<>();
        for (int task = 0; task < cluster.tasks(); task++) {
            devices.add(ClusterSpec.device(task));
        }
        return devices;
    }

    @Override
    public String parameterDevice() {
        return ClusterSpec.device(0);
    }

    /**
     * A session run by this process's own server (the master), which reaches the other tasks. The operation
     * timeout bounds what no run option covers: creating the session, which waits for every worker (forever by
     * default), and the runs that load and read the variables (a checkpoint).
     */
    @Override
    public Session open(Graph placed, ConfigProto config) {
        ConfigProto withTimeout = config.toBuilder().setOperationTimeoutInMs(timeout.toMillis()).setAllowSoftPlacement(true).build();
        return TargetedSessions.open(placed, "grpc://localhost:" + cluster.port(0), withTimeout);
    }

    @Override
    public long runTimeoutMillis() {
        return timeout.toMillis();
    }

    /**
     * Names the task TensorFlow blames (a killed worker shows as "Socket closed" or "Connection refused" from it), or
     * says the deadline passed, which is what a worker that hangs or whose machine vanished looks like.
     */
    @Override
    public RuntimeException failure(TensorFlowException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String firstLine = message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(e.getClass().getSimpleName());
        String resume = "; the last checkpoint is intact: bring the cluster back and run the same command with --resume";
        Matcher task = TASK_IN_ERROR.matcher(message);
        if (task.find()) {
            int index = Integer.parseInt(task.group(1));
            String reason = message.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("From ")).findFirst().orElse(firstLine);
            if (CONNECTION_LOST.matcher(reason).find()) {
                return new ClusterException("task " + index + " (" + cluster.address(index) + ") is gone (" + reason
                        + "): its process ended or its machine became unreachable" + resume);
            }
            return new ClusterException("task " + index + " (" + cluster.address(index) + ") failed: " + reason + resume);
        }
        if (message.contains("Deadline Exceeded") || message.contains("DEADLINE_EXCEEDED")) {
            return new ClusterException("a step took longer than the " + timeout.toSeconds() + " s --cluster-timeout: a task stopped "
                    + "answering (or the step is slower than that; raise --cluster-timeout)" + resume);
        }
        return new ClusterException("the cluster run failed: " + firstLine + resume);
    }

    /**
     * TensorFlow's close of a cluster session asks every task to delete its share of the session and waits for each
     * answer up to the operation timeout: for a task that has died, the whole --cluster-timeout, long after the failure
     * was reported. So the close runs on a daemon thread: the process ends as soon as its error is out, and a JVM that
     * lives on gets the native session and graph back once TensorFlow gives up on the task.
     */
    @Override
    public void closeAfterFailure(Session session, Graph graph) {
        Thread closer = new Thread(() -> {
            session.close();
            graph.close();
        }, "diffusion4j-cluster-session-close");
        closer.setDaemon(true);
        closer.start();
    }

    @Override
    public String toString() {
        return cluster.tasks() + " task" + (cluster.tasks() == 1 ? "" : "s") + " (" + String.join(", ", cluster.addresses()) + ")";
    }
}
