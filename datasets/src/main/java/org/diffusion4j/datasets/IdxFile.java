package org.diffusion4j.datasets;

import java.util.Arrays;

/**
 * The contents of one IDX file of unsigned bytes: its dimensions (the first is the item count) and the payload
 * in row-major order, exactly {@code product(dims)} bytes.
 */
public record IdxFile(int[] dims, byte[] data) {

    public IdxFile {
        dims = dims.clone();
        long expected = 1;
        for (int d : dims) {
            expected *= d;
        }
        if (dims.length == 0 || expected != data.length) {
            throw new IllegalArgumentException("IDX shape " + Arrays.toString(dims) + " does not match " + data.length + " bytes");
        }
    }

    public int count() {
        return dims[0];
    }

    public int rank() {
        return dims.length;
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Dimensions as {@code [60000, 28, 28]}, for messages. */
    public String shape() {
        return Arrays.toString(dims);
    }
}
