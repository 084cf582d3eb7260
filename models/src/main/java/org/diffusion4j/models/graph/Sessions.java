package org.diffusion4j.models.graph;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/** Creates sessions with explicit thread pools: on small machines oversubscription costs more than it gives. */
public final class Sessions {

    private Sessions() {
    }

    /** A float32 session; threads <= 0 means one intra-op thread per available processor. */
    public static Session create(Graph graph, int threads) {
        return create(graph, threads, Precision.FP32);
    }

    /** A session computing in the given precision; threads <= 0 means one intra-op thread per processor. */
    public static Session create(Graph graph, int threads, Precision precision) {
        return new Session(graph, config(threads, precision));
    }

    /**
     * The configuration {@link #create} uses, for sessions opened another way (on a cluster, or over several
     * devices) that must compute the same.
     */
    public static ConfigProto config(int threads, Precision precision) {
        int intra = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        RewriterConfig.Builder rewrites = RewriterConfig.newBuilder();
        if (precision == Precision.BF16) {
            rewrites.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
        }
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intra)
                .setInterOpParallelismThreads(1)
                .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(rewrites))
                .build();
    }
}
