package org.diffusion4j.training.distributed;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;

/**
 * Opens a {@link Session} on a TensorFlow server ({@code grpc://host:port}) instead of in this process.
 *
 * <p>The upstream gap this covers: TensorFlow Java 1.1.0's {@code Session} has no way to name a target (its
 * private {@code allocate(graph, target, config)} ignores the target and never calls {@code TF_SetTarget}), so
 * a session only sees {@code /job:localhost} and ops placed on {@code /job:worker/task:N} fail with "Cannot assign
 * a device". The C API can: {@code TF_SetTarget} on the session options, then {@code TF_NewSession}. What Java
 * cannot reach without reflection is the graph's native handle ({@code Graph.ref()}, package-private) and the
 * package-private {@code Session(Graph, TF_Session)} constructor that wraps a native session. Delete this class
 * when a release takes a target (on the module path it needs
 * {@code --add-opens org.tensorflow/org.tensorflow=ALL-UNNAMED}; on the class path it works as is).
 */
public final class TargetedSessions {

    private TargetedSessions() {
    }

    /** A session of {@code graph} run by the TensorFlow master at {@code target}, e.g. {@code grpc://localhost:2222}. */
    public static Session open(Graph graph, String target, ConfigProto config) {
        try {
            Method ref = Graph.class.getDeclaredMethod("ref");
            ref.setAccessible(true);
            AutoCloseable reference = (AutoCloseable) ref.invoke(graph);
            TF_Session nativeSession;
            try (reference) {
                Method handle = reference.getClass().getDeclaredMethod("nativeHandle");
                handle.setAccessible(true);
                nativeSession = newSession((TF_Graph) handle.invoke(reference), target, config);
            }
            Constructor<Session> wrap = Session.class.getDeclaredConstructor(Graph.class, TF_Session.class);
            wrap.setAccessible(true);
            return wrap.newInstance(graph, nativeSession);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("this TensorFlow Java is not 1.1.0's: sessions on a cluster need its package-private "
                    + "Session(Graph, TF_Session) and Graph.ref() (" + e + ")", e);
        }
    }

    /** What {@code Session}'s own constructor does, plus the {@code TF_SetTarget} it leaves out. */
    private static TF_Session newSession(TF_Graph graph, String target, ConfigProto config) {
        try (PointerScope scope = new PointerScope()) {
            TF_Status status = TF_Status.newStatus();
            TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
            tensorflow.TF_SetTarget(options, target);
            BytePointer bytes = new BytePointer(config.toByteArray());
            tensorflow.TF_SetConfig(options, bytes, bytes.capacity(), status);
            status.throwExceptionIfNotOK();
            TF_Session session = TF_Session.newSession(graph, options, status);
            status.throwExceptionIfNotOK();
            // Outlive the pointer scope: the Session wrapper deletes it on close.
            session.retainReference();
            return session;
        }
    }
}
