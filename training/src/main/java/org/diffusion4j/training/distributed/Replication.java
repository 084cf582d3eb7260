package org.diffusion4j.training.distributed;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;

/**
 * Where the replicas of a training step run (in-graph replication): each replica computes the forward and backward
 * pass on its share of the batch on its own device, and the parameter device holds the variables and applies the
 * averaged gradients, Adam and the EMA once. Devices are TensorFlow device names: {@code /device:CPU:1} in this
 * process, {@code /job:worker/task:2} on a cluster.
 */
public interface Replication {

    /** One device per replica, replica 0 first. */
    List<String> replicaDevices();

    /** The device of the variables, the optimizer, the EMA and the gradient average. */
    String parameterDevice();

    /** A session for {@code placed}, whose ops carry the devices above, computing as {@code config} says. */
    Session open(Graph placed, ConfigProto config);

    /** The longest one step (one session run) may take before it fails, in milliseconds; 0 for no limit. */
    long runTimeoutMillis();

    /** A run's failure as one line the user can act on (which task stopped, what to do). */
    RuntimeException failure(TensorFlowException e);

    /**
     * Closes a session of {@link #open}, then its graph, once one of the session's runs has failed ({@link #failure}).
     * Inline here; a cluster's close may wait on the task that failed.
     */
    default void closeAfterFailure(Session session, Graph graph) {
        session.close();
        graph.close();
    }

    default int replicas() {
        return replicaDevices().size();
    }
}
