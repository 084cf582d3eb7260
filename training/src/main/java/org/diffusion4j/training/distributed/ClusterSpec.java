package org.diffusion4j.training.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * The machines of a training cluster: one {@code HOST:PORT} per task, task 0 being the chief. Every task is a
 * TensorFlow server of the one job {@value #JOB}, so task N's ops are placed on {@code /job:worker/task:N}.
 *
 * @param addresses {@code HOST:PORT} of each task, in task order
 */
public record ClusterSpec(List<String> addresses) {

    /** The job every task belongs to: the chief computes like the others, it only also holds the variables. */
    public static final String JOB = "worker";

    public ClusterSpec {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one HOST:PORT");
        }
        for (String address : addresses) {
            requireHostAndPort(address);
        }
        if (addresses.stream().distinct().count() != addresses.size()) {
            throw new IllegalArgumentException("the cluster names an address twice: " + String.join(",", addresses)
                    + "; give each task its own HOST:PORT");
        }
    }

    /** {@code HOST:PORT,HOST:PORT,...}, task 0 first. */
    public static ClusterSpec parse(String commaSeparated) {
        return new ClusterSpec(Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** A file with one {@code HOST:PORT} per line, task 0 first; blank lines and lines starting with # are skipped. */
    public static ClusterSpec read(Path file) {
        try {
            return new ClusterSpec(Files.readAllLines(file).stream().map(String::strip)
                    .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("cluster file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cluster file " + file + ": " + e.getMessage(), e);
        }
    }

    public int tasks() {
        return addresses.size();
    }

    public String address(int task) {
        return addresses.get(requireTask(task));
    }

    public String host(int task) {
        String address = address(task);
        return address.substring(0, address.lastIndexOf(':')).replace("[", "").replace("]", "");
    }

    public int port(int task) {
        String address = address(task);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Where task N's ops run. */
    public static String device(int task) {
        return "/job:" + JOB + "/task:" + task;
    }

    public int requireTask(int task) {
        if (task < 0 || task >= addresses.size()) {
            throw new IllegalArgumentException("--task " + task + " is not in the cluster's tasks 0.." + (addresses.size() - 1));
        }
        return task;
    }

    /** What task N's server is started from; {@code sessionConfig} sets the threads its ops run on. */
    ServerDef serverDef(int task, ConfigProto sessionConfig) {
        JobDef.Builder job = JobDef.newBuilder().setName(JOB);
        for (int t = 0; t < addresses.size(); t++) {
            job.putTasks(t, addresses.get(t));
        }
        return ServerDef.newBuilder().setCluster(ClusterDef.newBuilder().addJob(job)).setJobName(JOB).setTaskIndex(requireTask(task))
                .setProtocol("grpc").setDefaultSessionConfig(sessionConfig).build();
    }

    /**
     * The addresses outside loopback and the private ranges (10/8, 172.16/12, 192.168/16, link-local, IPv6 unique
     * local), which deserve a warning: TensorFlow's servers run any graph sent to their port, unauthenticated.
     * Names are resolved; one that does not resolve is an error, since no task could reach it either.
     */
    public List<String> outsidePrivateRanges() {
        List<String> outside = new ArrayList<>();
        for (int task = 0; task < tasks(); task++) {
            InetAddress address;
            try {
                address = InetAddress.getByName(host(task));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("cannot resolve the host of task " + task + " (" + address(task)
                        + "); use an IP address or a name this machine resolves");
            }
            if (!isPrivate(address)) {
                outside.add(address(task));
            }
        }
        return outside;
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        // IPv6 unique local addresses (fc00::/7) are IPv6's private range; InetAddress has no test for them.
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static void requireHostAndPort(String address) {
        int colon = address.lastIndexOf(':');
        String port = colon < 0 ? "" : address.substring(colon + 1);
        if (colon <= 0 || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("'" + address + "' is not HOST:PORT (for example 10.0.0.2:2222)");
        }
    }
}
