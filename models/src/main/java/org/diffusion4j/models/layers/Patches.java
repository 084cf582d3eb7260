package org.diffusion4j.models.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * Cuts square NHWC images into square patches of side {@code size} every {@code stride} pixels and puts them
 * back. Each patch is flattened row by row, channels innermost: [batch, h, w, c] <-> [batch, patches,
 * size*size*c], patches in row-major order of their top-left corners.
 *
 * <p>With stride == size the patches tile the image and both directions are one reshape and one transpose.
 * With stride < size neighbouring patches share pixels (document 004's overlapping patches): cutting is a
 * gather of the flattened image by a constant index table, and putting back gathers, for every pixel, the
 * patch values that cover it, sums them and multiplies by the reciprocal of their count, so overlaps are
 * averaged. Gathers have gradients in TF Java and copy values exactly; no dense scatter matrix is built. The
 * round trip is exact when the k copies of a pixel sum exactly and k * float(1/k) rounds back (k = 1..6, 8,
 * 9: every count of windows at most three strides wide); otherwise it is within a rounding or two.
 */
public final class Patches {

    private final Ops tf;
    private final int imageSize;
    private final int channels;
    private final int size;
    private final int stride;
    private final int grid;
    /** Overlapping only: for each patch element (patch-major), its index in the flattened image. */
    private final int[] cutIndices;
    /** Overlapping only: for each image element, the covering patch elements, padded with the zero slot. */
    private final int[] coverIndices;
    private final int maxCover;
    private final float[] coverWeights;

    public Patches(Ops tf, int imageSize, int channels, int size, int stride) {
        if (size <= 0 || stride <= 0 || size > imageSize || stride > size || (imageSize - size) % stride != 0) {
            throw new IllegalArgumentException("patches of size " + size + " every " + stride + " pixels do not cover a "
                    + imageSize + "-pixel side exactly: need 0 < stride <= size <= image size and (image size - size) "
                    + "divisible by the stride");
        }
        this.tf = tf;
        this.imageSize = imageSize;
        this.channels = channels;
        this.size = size;
        this.stride = stride;
        this.grid = (imageSize - size) / stride + 1;
        if (stride == size) {
            cutIndices = null;
            coverIndices = null;
            maxCover = 0;
            coverWeights = null;
            return;
        }
        int perPatch = size * size * channels;
        int pixels = imageSize * imageSize * channels;
        cutIndices = new int[grid * grid * perPatch];
        int[] counts = new int[pixels];
        for (int p = 0, k = 0; p < grid * grid; p++) {
            for (int u = 0; u < size; u++) {
                for (int v = 0; v < size; v++) {
                    for (int c = 0; c < channels; c++, k++) {
                        int pixel = pixelIndex(p, u, v, c);
                        cutIndices[k] = pixel;
                        counts[pixel]++;
                    }
                }
            }
        }
        int most = 0;
        for (int count : counts) {
            most = Math.max(most, count);
        }
        maxCover = most;
        int zeroSlot = cutIndices.length;
        coverIndices = new int[pixels * maxCover];
        java.util.Arrays.fill(coverIndices, zeroSlot);
        int[] filled = new int[pixels];
        for (int k = 0; k < cutIndices.length; k++) {
            int pixel = cutIndices[k];
            coverIndices[pixel * maxCover + filled[pixel]++] = k;
        }
        // Reciprocals rounded once in Java: TensorFlow turns a division by a constant into a multiplication by
        // a reciprocal it computes itself, and that reciprocal was seen to be inexact (x * 4 / 4 != x).
        coverWeights = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            coverWeights[i] = 1f / counts[i];
        }
    }

    private int pixelIndex(int patch, int u, int v, int c) {
        int row = (patch / grid) * stride + u;
        int col = (patch % grid) * stride + v;
        return (row * imageSize + col) * channels + c;
    }

    /** Patches per side. */
    public int grid() {
        return grid;
    }

    public int count() {
        return grid * grid;
    }

    /** Values in one flattened patch: size * size * channels. */
    public int patchLength() {
        return size * size * channels;
    }

    public boolean overlapping() {
        return stride < size;
    }

    /** images: [batch, imageSize, imageSize, channels]; returns [batch, count, patchLength]. */
    public Operand<TFloat32> patchify(Operand<TFloat32> images) {
        if (!overlapping()) {
            Operand<TFloat32> blocks = tf.reshape(images, tf.constant(new int[] {-1, grid, size, grid, size, channels}));
            Operand<TFloat32> ordered = tf.linalg.transpose(blocks, tf.constant(new int[] {0, 1, 3, 2, 4, 5}));
            return tf.reshape(ordered, tf.constant(new int[] {-1, count(), patchLength()}));
        }
        Operand<TFloat32> flat = tf.reshape(images, tf.constant(new int[] {-1, imageSize * imageSize * channels}));
        Operand<TFloat32> cut = tf.gather(flat, tf.constant(cutIndices), tf.constant(1));
        return tf.reshape(cut, tf.constant(new int[] {-1, count(), patchLength()}));
    }

    /**
     * patches: [batch, count, patchLength]; returns [batch, imageSize, imageSize, channels], each pixel the
     * mean of the patch values that cover it (the exact inverse of {@link #patchify} on its own output).
     */
    public Operand<TFloat32> recompose(Operand<TFloat32> patches) {
        if (!overlapping()) {
            Operand<TFloat32> blocks = tf.reshape(patches, tf.constant(new int[] {-1, grid, grid, size, size, channels}));
            Operand<TFloat32> ordered = tf.linalg.transpose(blocks, tf.constant(new int[] {0, 1, 3, 2, 4, 5}));
            return tf.reshape(ordered, tf.constant(new int[] {-1, imageSize, imageSize, channels}));
        }
        int pixels = imageSize * imageSize * channels;
        Operand<TFloat32> flat = tf.reshape(patches, tf.constant(new int[] {-1, cutIndices.length}));
        // One zero column after the patch values: the slot that pixels covered fewer than maxCover times read.
        Operand<TFloat32> padded = tf.pad(flat, tf.constant(new int[][] {{0, 0}, {0, 1}}), tf.constant(0f));
        Operand<TFloat32> covers = tf.reshape(tf.gather(padded, tf.constant(coverIndices), tf.constant(1)),
                tf.constant(new int[] {-1, pixels, maxCover}));
        Operand<TFloat32> mean = tf.math.mul(tf.sum(covers, tf.constant(2), Sum.keepDims(false)), tf.constant(coverWeights));
        return tf.reshape(mean, tf.constant(new int[] {-1, imageSize, imageSize, channels}));
    }
}
