package org.diffusion4j.models.layers;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A 3x3, stride-1, SAME convolution of NHWC float32 images by Winograd's minimal filtering (Lavin and Gray,
 * "Fast Algorithms for Convolutional Neural Networks", 2015), built from ordinary TensorFlow ops so that
 * {@code Graph.addGradients} differentiates it with the C++ gradients of Transpose, Pad, Reshape, GatherV2,
 * BatchMatMulV3 and StridedSlice. It computes what {@code tf.nn.conv2d(x, kernel, SAME)} computes (a
 * cross-correlation) from the same [3, 3, inChannels, outChannels] kernel, so a {@link Conv2D} can switch to
 * it without touching its variable or checkpoints; the bias stays the caller's.
 *
 * <p>F(m x m, 3x3) cuts the padded image into tiles of (m + 2) x (m + 2) pixels that overlap by two, one per
 * m x m block of output. Per tile, each of the (m + 2)^2 transformed positions needs one inChannels x
 * outChannels product, against 9 m^2 for the direct convolution: 2.25 times fewer multiplications for
 * F(2x2, 3x3), 4 times for F(4x4, 3x3). All tiles of all images share one batched matrix product, batched over
 * the positions. Each of the three transforms (input, filter, output) is one product by a small constant matrix.
 * What is saved can be lost again to moving data: the transformed input is (m + 2)^2 / m^2 times the image (4
 * times for F(2x2, 3x3), 2.25 for F(4x4, 3x3)) and is written and read several times, so whether this beats
 * {@code Conv2D} depends on the channel counts; bench/kernels/WinogradShapes.java measures it per shape.
 *
 * <p>Height, width and channels must be known when the graph is built; the batch may be dynamic.
 */
public final class WinogradConvolution {

    /**
     * The output tile and its transforms: the matrices B^T, G and A^T of Lavin and Gray, the interpolation
     * points 0, 1, -1 and infinity for F(2x2, 3x3), and 0, 1, -1, 2, -2 and infinity for F(4x4, 3x3).
     */
    public enum Tile {
        F2X2(2,
                new double[][] {
                        {1, 0, -1, 0},
                        {0, 1, 1, 0},
                        {0, -1, 1, 0},
                        {0, 1, 0, -1}},
                new double[][] {
                        {1, 0, 0},
                        {0.5, 0.5, 0.5},
                        {0.5, -0.5, 0.5},
                        {0, 0, 1}},
                new double[][] {
                        {1, 1, 1, 0},
                        {0, 1, -1, -1}}),
        F4X4(4,
                new double[][] {
                        {4, 0, -5, 0, 1, 0},
                        {0, -4, -4, 1, 1, 0},
                        {0, 4, -4, -1, 1, 0},
                        {0, -2, -1, 2, 1, 0},
                        {0, 2, -1, -2, 1, 0},
                        {0, 4, 0, -5, 0, 1}},
                new double[][] {
                        {1.0 / 4, 0, 0},
                        {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                        {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                        {1.0 / 24, 1.0 / 12, 1.0 / 6},
                        {1.0 / 24, -1.0 / 12, 1.0 / 6},
                        {0, 0, 1}},
                new double[][] {
                        {1, 1, 1, 1, 1, 0},
                        {0, 1, -1, 2, -2, 0},
                        {0, 1, 1, 4, 4, 0},
                        {0, 1, -1, 8, -8, 1}});

        private final int outputSize;
        private final double[][] inputTransform;
        private final double[][] filterTransform;
        private final double[][] outputTransform;

        Tile(int outputSize, double[][] inputTransform, double[][] filterTransform, double[][] outputTransform) {
            this.outputSize = outputSize;
            this.inputTransform = inputTransform;
            this.filterTransform = filterTransform;
            this.outputTransform = outputTransform;
        }

        /** m: the side of the output block one tile produces. */
        public int outputSize() {
            return outputSize;
        }

        /** m + 2: the side of the input tile, which overlaps its neighbours by the kernel's two extra pixels. */
        public int inputSize() {
            return outputSize + KERNEL_SIZE - 1;
        }
    }

    private static final int KERNEL_SIZE = 3;

    private final Ops tf;
    private final Tile tile;
    private final int height;
    private final int width;
    private final int inChannels;
    private final int outChannels;
    private final int tilesDown;
    private final int tilesAcross;

    private WinogradConvolution(Ops tf, Tile tile, int height, int width, int inChannels, int outChannels) {
        this.tf = tf;
        this.tile = tile;
        this.height = height;
        this.width = width;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.tilesDown = (height + tile.outputSize - 1) / tile.outputSize;
        this.tilesAcross = (width + tile.outputSize - 1) / tile.outputSize;
    }

    /**
     * {@code tf.nn.conv2d(input, kernel, strides 1, "SAME")} computed tile by tile.
     *
     * @param input  [batch, height, width, inChannels]; the batch may be unknown (-1), the rest must be known
     * @param kernel [3, 3, inChannels, outChannels], e.g. a {@link Conv2D}'s kernel variable
     * @return [batch, height, width, outChannels]
     */
    public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> input, Operand<TFloat32> kernel, Tile tile) {
        Shape x = input.shape();
        Shape k = kernel.shape();
        if (x.numDimensions() != 4 || x.isUnknown() || x.size(1) < 1 || x.size(2) < 1 || x.size(3) < 1) {
            throw new IllegalArgumentException("Winograd convolution needs NHWC input with known height, width and channels, got "
                    + x);
        }
        if (k.numDimensions() != 4 || k.size(0) != KERNEL_SIZE || k.size(1) != KERNEL_SIZE || k.size(2) != x.size(3)
                || k.size(3) < 1) {
            throw new IllegalArgumentException("Winograd convolution needs a [3, 3, " + x.size(3) + ", outChannels] kernel, got "
                    + k);
        }
        return new WinogradConvolution(tf, tile, Math.toIntExact(x.size(1)), Math.toIntExact(x.size(2)),
                Math.toIntExact(x.size(3)), Math.toIntExact(k.size(3))).convolve(input, kernel);
    }

    private Operand<TFloat32> convolve(Operand<TFloat32> input, Operand<TFloat32> kernel) {
        int positions = tile.inputSize() * tile.inputSize();
        Operand<TFloat32> transformedInput = tf.reshape(transformInput(input),
                tf.constant(new int[] {positions, -1, inChannels}));
        Operand<TFloat32> transformedKernel = tf.reshape(transform(kernel, tile.filterTransform),
                tf.constant(new int[] {positions, inChannels, outChannels}));
        // The only product whose cost grows with both channel counts: [positions, tiles * batch, in] x [positions, in, out].
        Operand<TFloat32> products = tf.train.batchMatMul(transformedInput, transformedKernel, TFloat32.class);
        return assemble(transform(products, tile.outputTransform));
    }

    /**
     * B^T d B for every tile d: returns [(m + 2)^2, tilesDown * tilesAcross * batch * inChannels]. With the
     * images turned pixels-first ([height, width, batch, in]), each tile pixel is a contiguous row of batch * in
     * values, so one gather by a constant table cuts all tiles at once, already in the positions-first order the
     * transform needs. (m + 2)^2 strided slices stepping m pixels did the same, but took three quarters of the
     * whole forward pass (65 of 86 ms for F(2x2, 3x3) at 28x28, 16 channels, batch 100).
     */
    private Operand<TFloat32> transformInput(Operand<TFloat32> input) {
        int m = tile.outputSize;
        Operand<TFloat32> pixelsFirst = tf.linalg.transpose(input, tf.constant(new int[] {1, 2, 0, 3}));
        // SAME's one pixel on each side, then enough at the bottom and right for whole tiles (odd sides like 7 included).
        Operand<TFloat32> padded = tf.pad(pixelsFirst, tf.constant(new int[][] {
                {1, tilesDown * m + 1 - height},
                {1, tilesAcross * m + 1 - width},
                {0, 0},
                {0, 0}}), tf.constant(0f));
        Operand<TFloat32> pixels = tf.reshape(padded, tf.constant(new int[] {paddedHeight() * paddedWidth(), -1, inChannels}));
        Operand<TFloat32> tiles = tf.gather(pixels, tf.constant(tilePixels()), tf.constant(0));
        return transform(tiles, tile.inputTransform);
    }

    private int paddedHeight() {
        return tilesDown * tile.outputSize + KERNEL_SIZE - 1;
    }

    private int paddedWidth() {
        return tilesAcross * tile.outputSize + KERNEL_SIZE - 1;
    }

    /** For position (i, j) of tile (row, column), in that order, the index of its pixel in the padded image. */
    private int[] tilePixels() {
        int m = tile.outputSize;
        int[] table = new int[tile.inputSize() * tile.inputSize() * tilesDown * tilesAcross];
        int k = 0;
        for (int i = 0; i < tile.inputSize(); i++) {
            for (int j = 0; j < tile.inputSize(); j++) {
                for (int row = 0; row < tilesDown; row++) {
                    for (int column = 0; column < tilesAcross; column++) {
                        table[k++] = (row * m + i) * paddedWidth() + column * m + j;
                    }
                }
            }
        }
        return table;
    }

    /**
     * L t L^T for every t at once, L a constant [p, n] matrix: {@code values} holds the n x n matrices t as its
     * leading n * n elements (row-major) times whatever follows; returns [p * p, whatever follows]. It is one matrix
     * product by the Kronecker product L (x) L, so the data is read and written once; L t then (L t) L^T, two
     * products with fewer multiplications that read and write it twice, took twice as long for F(2x2, 3x3).
     */
    private Operand<TFloat32> transform(Operand<TFloat32> values, double[][] left) {
        int p = left.length;
        int n = left[0].length;
        // A batch of one: BatchMatMul's gradient multiplies by the transposed constant about as fast as the forward
        // product, where MatMul's (transpose_a) took 1.3 to 4 times as long at these shapes (2 busy cores).
        float[][][] kronecker = new float[1][p * p][n * n];
        for (int k = 0; k < p; k++) {
            for (int l = 0; l < p; l++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        kronecker[0][k * p + l][i * n + j] = (float) (left[k][i] * left[l][j]);
                    }
                }
            }
        }
        Operand<TFloat32> product = tf.train.batchMatMul(tf.constant(kronecker),
                tf.reshape(values, tf.constant(new int[] {1, n * n, -1})), TFloat32.class);
        return tf.reshape(product, tf.constant(new int[] {p * p, -1}));
    }

    /**
     * [m * m, tilesDown * tilesAcross * batch * outChannels] output blocks back into [batch, height, width,
     * outChannels]: the block rows and columns interleave with the tile rows and columns, then the padding's
     * extra bottom rows and right columns are cut off.
     */
    private Operand<TFloat32> assemble(Operand<TFloat32> blocks) {
        int m = tile.outputSize;
        Operand<TFloat32> split = tf.reshape(blocks, tf.constant(new int[] {m, m, tilesDown, tilesAcross, -1, outChannels}));
        Operand<TFloat32> interleaved = tf.linalg.transpose(split, tf.constant(new int[] {4, 2, 0, 3, 1, 5}));
        Operand<TFloat32> image = tf.reshape(interleaved,
                tf.constant(new int[] {-1, tilesDown * m, tilesAcross * m, outChannels}));
        if (tilesDown * m == height && tilesAcross * m == width) {
            return image;
        }
        return tf.stridedSlice(image, Indices.all(), Indices.sliceTo(height), Indices.sliceTo(width), Indices.all());
    }
}
