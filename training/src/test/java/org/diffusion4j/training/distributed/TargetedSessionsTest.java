package org.diffusion4j.training.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.diffusion4j.models.graph.Sessions;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.junit.jupiter.api.Test;

/**
 * The workaround for TF Java 1.1.0's target-less Session: with it, a graph placed on a cluster's task runs there;
 * without it, TensorFlow cannot even find the device. Starts this test JVM's one TensorFlow server (it cannot be
 * stopped, so it lives until the JVM exits), as task 0 of a one-task cluster on a free loopback port.
 */
class TargetedSessionsTest {

    @Test
    void aSessionOnTheServerRunsOpsPlacedOnItsTaskWhichAPlainSessionCannot() throws IOException {
        ClusterSpec cluster = new ClusterSpec(List.of("127.0.0.1:" + freePort()));
        TaskServer.start(cluster, 0, Sessions.config(1, org.diffusion4j.models.graph.Precision.FP32));
        try (Graph graph = new Graph()) {
            Ops onTask = Ops.create(graph).withDevice(DeviceSpec.newBuilder().job(ClusterSpec.JOB).task(0).build());
            Operand<TFloat32> sum = onTask.withName("sum").math.add(onTask.constant(2f), onTask.constant(3f));
            try (Session plain = new Session(graph)) {
                // TF Java throws TFInvalidArgumentException here, an IllegalArgumentException rather than a TensorFlowException.
                RuntimeException e = assertThrows(RuntimeException.class, () -> plain.runner().fetch(sum).run().close());
                assertTrue(e.getMessage().contains("Cannot assign a device"), e.getMessage());
            }
            try (Session targeted = TargetedSessions.open(graph, "grpc://localhost:" + cluster.port(0), ConfigProto.getDefaultInstance());
                 Result result = targeted.runner().fetch(sum).run()) {
                assertEquals(5f, ((TFloat32) result.get(0)).getFloat());
            }
        }
        IllegalStateException second = assertThrows(IllegalStateException.class,
                () -> TaskServer.start(cluster, 0, ConfigProto.getDefaultInstance()));
        assertTrue(second.getMessage().contains("its own process"), second.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
