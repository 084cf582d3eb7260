package org.diffusion4j.graph;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/** Creates sessions with explicit thread pools: on small machines oversubscription costs more than it gives. */
public final class Sessions {

    private Sessions() {
    }

    /** threads <= 0 means one intra-op thread per available processor. */
    public static Session create(Graph graph, int threads) {
        int intra = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ConfigProto config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intra)
                .setInterOpParallelismThreads(1)
                .build();
        return new Session(graph, config);
    }
}
