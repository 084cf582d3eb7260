package org.diffusion4j.models.graph;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** Copies between Java arrays and tensors; the caller owns (and closes) every tensor returned. */
public final class Tensors {

    private Tensors() {
    }

    public static TFloat32 floats(float[] values, long... shape) {
        return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
    }

    public static TInt32 ints(int[] values, long... shape) {
        return TInt32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
    }

    public static TInt64 longs(long[] values, long... shape) {
        return TInt64.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
    }

    public static float[] toArray(TFloat32 tensor) {
        float[] values = new float[Math.toIntExact(tensor.shape().size())];
        tensor.copyTo(DataBuffers.of(values, false, false));
        return values;
    }

    /** Copies into a caller-owned array (reused across calls in hot loops). */
    public static void copyInto(TFloat32 tensor, float[] target) {
        tensor.copyTo(DataBuffers.of(target, false, false));
    }

    public static float scalar(TFloat32 tensor) {
        return tensor.getFloat();
    }
}
