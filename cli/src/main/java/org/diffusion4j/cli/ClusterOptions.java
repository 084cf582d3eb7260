package org.diffusion4j.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.graph.Sessions;
import org.diffusion4j.training.distributed.ClusterReplication;
import org.diffusion4j.training.distributed.ClusterSpec;
import org.diffusion4j.training.distributed.DeviceReplication;
import org.diffusion4j.training.distributed.Replication;
import org.diffusion4j.training.distributed.TaskServer;
import picocli.CommandLine.Option;

/**
 * Where `train` splits each step: between the machines of a cluster (--cluster, --task) or the devices of this
 * machine (--devices). Every machine of a cluster runs the same command but for --task; task 0, the chief, trains and
 * writes the run folder, the others only lend their processors until it is done.
 */
final class ClusterOptions {

    /** What --help and the docs say about the servers, in one sentence. */
    static final String SECURITY = "TensorFlow's servers run any graph sent to their port, file and process ops included, "
            + "with no authentication or encryption: keep the cluster's ports on a private network.";

    @Option(names = "--cluster", paramLabel = "HOST:PORT,...",
            description = "train on several machines, one task each, task 0 (the chief) first; run the same command on every machine "
                    + "with its own --task. " + SECURITY)
    String cluster;

    @Option(names = "--cluster-file", paramLabel = "FILE", description = "the --cluster addresses in a file, one HOST:PORT per line")
    Path clusterFile;

    @Option(names = "--task", description = "this machine's task in the cluster: 0 trains (the chief), the others serve until it is done")
    Integer task;

    @Option(names = "--cluster-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "how long the chief waits for the other tasks to start, a step may take, and a task waits for the chief "
                    + "(default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--devices", paramLabel = "N",
            description = "split each step between N devices of this machine (with --device-type gpu, N GPUs)")
    Integer devices;

    @Option(names = "--device-type", paramLabel = "cpu|gpu",
            description = "the --devices: gpu, or cpu for virtual CPU devices that share the cores (tests, no speed-up) (default: cpu)")
    String deviceType;

    /** The cluster named by --cluster or --cluster-file, checked against --task; null when training on one machine. */
    private ClusterSpec spec() {
        if (cluster != null && clusterFile != null) {
            throw new IllegalArgumentException("--cluster and --cluster-file both name the cluster: give one");
        }
        if (cluster == null && clusterFile == null) {
            if (task != null) {
                throw new IllegalArgumentException("--task applies to a cluster: add --cluster HOST:PORT,... (task 0 first)");
            }
            return null;
        }
        ClusterSpec spec = cluster != null ? ClusterSpec.parse(cluster) : ClusterSpec.read(clusterFile);
        if (task == null) {
            throw new IllegalArgumentException("--cluster needs --task: 0 on the machine that trains (the chief)"
                    + (spec.tasks() > 1 ? ", 1.." + (spec.tasks() - 1) + " on the others" : ""));
        }
        spec.requireTask(task);
        if (devices != null || deviceType != null) {
            throw new IllegalArgumentException((devices != null ? "--devices" : "--device-type")
                    + " splits a step on one machine; with --cluster each task is one replica: drop it");
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--cluster-timeout must be at least 1 second, not " + timeoutSeconds);
        }
        List<String> outside = spec.outsidePrivateRanges();
        if (!outside.isEmpty()) {
            System.err.println("warning: " + String.join(", ", outside) + (outside.size() == 1 ? " is" : " are")
                    + " outside loopback and the private ranges; " + SECURITY);
        }
        return spec;
    }

    /** Whether this process is a cluster task other than the chief: it serves rather than trains. */
    boolean isWorker() {
        return (cluster != null || clusterFile != null) && task != null && task != 0;
    }

    /** A worker's whole life: its server, until the chief has gone. Returns the exit code. */
    int serveAsWorker(int threads) {
        ClusterSpec spec = spec();
        TaskServer.start(spec, task, Sessions.config(threads, Precision.FP32))
                .serveUntilChiefLeaves(Duration.ofSeconds(timeoutSeconds), System.out);
        return 0;
    }

    /**
     * How the chief splits its steps: it starts its own server and waits for the other tasks (a missing one is named
     * within --cluster-timeout); or this machine's devices; or null for one device.
     */
    Replication replication(int threads) {
        ClusterSpec spec = spec();
        if (spec != null) {
            return ClusterReplication.startChief(spec, Sessions.config(threads, Precision.FP32), Duration.ofSeconds(timeoutSeconds));
        }
        if (devices == null) {
            if (deviceType != null) {
                throw new IllegalArgumentException("--device-type applies with --devices N");
            }
            return null;
        }
        DeviceReplication.Kind kind = switch (deviceType == null ? "cpu" : deviceType.toLowerCase(Locale.ROOT)) {
            case "cpu" -> DeviceReplication.Kind.CPU;
            case "gpu" -> DeviceReplication.Kind.GPU;
            default -> throw new IllegalArgumentException("unknown --device-type '" + deviceType + "'; use cpu or gpu");
        };
        return new DeviceReplication(kind, devices);
    }
}
