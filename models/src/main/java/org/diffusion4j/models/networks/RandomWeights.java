package org.diffusion4j.models.networks;

import java.util.Map;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/**
 * Freshly initialised network weights, for timing or comparing a denoiser without a trained run: the work per image
 * does not depend on the values (no data-dependent branches in the graph).
 */
public final class RandomWeights {

    private RandomWeights() {
    }

    public static Map<String, ParameterValue> of(NetworkConfig config, long seed) {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            config.build(params);
            return params.initialValues(seed);
        }
    }
}
