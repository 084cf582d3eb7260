package org.diffusion4j.bench;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Floating-point operations of one graph run, counted from static shapes: multiply-adds of convolutions,
 * matrix products and their gradients, times two. Element-wise work (normalisation, activations, Adam)
 * is left out on purpose: it is memory-bound, so counting it would make GFLOP/s mean less, not more.
 *
 * @param total sum over all counted ops
 * @param byOpType the same sum split by op type (Conv2D, Conv2DBackpropFilter, MatMul, ...)
 */
public record FlopCount(long total, Map<String, Long> byOpType) {

    public FlopCount {
        // Sorted, so tables and JSON list the op types in a stable order.
        byOpType = Collections.unmodifiableMap(new TreeMap<>(byOpType));
    }

    public double megaflops() {
        return total / 1e6;
    }
}
