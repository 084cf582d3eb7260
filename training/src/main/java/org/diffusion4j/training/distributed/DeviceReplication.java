package org.diffusion4j.training.distributed;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;

/**
 * One replica per device of this machine: GPUs, or virtual CPU devices ({@code ConfigProto.device_count}), which
 * share the machine's cores and so gain nothing, but run the same graph as GPUs would, which is what tests need.
 * The variables live on replica 0's device.
 */
public final class DeviceReplication implements Replication {

    /** The kind of device the replicas run on. */
    public enum Kind { CPU, GPU }

    private final Kind kind;
    private final int devices;

    public DeviceReplication(Kind kind, int devices) {
        if (devices < 1) {
            throw new IllegalArgumentException("--devices must be at least 1, not " + devices);
        }
        this.kind = kind;
        this.devices = devices;
    }

    @Override
    public List<String> replicaDevices() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            names.add("/device:" + kind + ":" + i);
        }
        return names;
    }

    @Override
    public String parameterDevice() {
        return "/device:" + kind + ":0";
    }

    @Override
    public Session open(Graph placed, ConfigProto config) {
        ConfigProto.Builder builder = config.toBuilder()
                // One scheduling thread per replica, so that the replicas' ops can run side by side.
                .setInterOpParallelismThreads(Math.max(config.getInterOpParallelismThreads(), devices))
                // Ops with no kernel for the device (on GPUs: integer ops, the random draws' seeds) fall back to the CPU.
                .setAllowSoftPlacement(true);
        if (kind == Kind.CPU) {
            builder.putDeviceCount("CPU", devices);
        }
        return new Session(placed, builder.build());
    }

    @Override
    public long runTimeoutMillis() {
        return 0;
    }

    @Override
    public RuntimeException failure(TensorFlowException e) {
        return e;
    }

    @Override
    public String toString() {
        return devices + " " + kind + " device" + (devices == 1 ? "" : "s");
    }
}
