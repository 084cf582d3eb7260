package org.diffusion4j.models.graph;

import java.util.Arrays;

/** The value of one named parameter: its shape and its float32 entries in row-major order. */
public record ParameterValue(long[] shape, float[] values) {

    public ParameterValue {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size + " values, got " + values.length);
        }
    }

    public ParameterValue copy() {
        return new ParameterValue(shape.clone(), values.clone());
    }
}
