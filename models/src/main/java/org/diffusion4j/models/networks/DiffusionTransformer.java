package org.diffusion4j.models.networks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterStore.Init;
import org.diffusion4j.models.layers.Activations;
import org.diffusion4j.models.layers.Conv2D;
import org.diffusion4j.models.layers.Dense;
import org.diffusion4j.models.layers.Embedding;
import org.diffusion4j.models.layers.LayerNorm;
import org.diffusion4j.models.layers.Mlp;
import org.diffusion4j.models.layers.MultiHeadAttention;
import org.diffusion4j.models.layers.Patches;
import org.diffusion4j.models.layers.TimeEmbedding;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A DiT-style denoiser (Peebles and Xie's diffusion transformer with adaLN-Zero) as a graph builder.
 * Non-overlapping patches are embedded linearly (the same map as a stride-p convolution), a fixed 2-D
 * sin-cos or learned position code is added, and the timestep's sinusoidal code through Dense-SiLU-Dense,
 * plus the label embedding, gives a conditioning vector c. Each block is pre-norm attention and MLP (GELU),
 * where a Dense of SiLU(c) gives a shift, a scale and a gate for each sub-block:
 * x + gate * f(LayerNorm(x) * (1 + scale) + shift). The final layer modulates a LayerNorm the same way and
 * projects each token to its patch's pixels; unpatchify gives the image. With {@code convChannels} set, a 3x3
 * convolution and SiLU turn the image into that many channels before the patches are cut, and the tokens
 * project to that many features per pixel, which SiLU and a 3x3 convolution turn into the prediction; with
 * {@code stemSkip} that convolution also reads the stem's output, a skip at full resolution.
 *
 * <p>The modulation Dense of every block and of the final layer, and the final projection, close branches:
 * under FAN_IN_ZERO_BRANCHES they start at zero (as DiT zeroes them), so every block starts as the identity
 * and the network's first prediction is exactly zero. With the convolutional head, the head's convolution
 * closes the branch instead of the projection, for the same zero start with a trainable projection.
 */
public final class DiffusionTransformer implements DenoisingNetwork {

    private static final float NORM_EPSILON = 1e-6f;

    private final Ops tf;
    private final DitConfig config;
    private final Patches patches;
    private final Dense patchEmbedding;
    private final Operand<TFloat32> positions;
    private final Operand<TFloat32> timeTable;
    private final Dense timeHidden;
    private final Dense timeOutput;
    private final Embedding labelEmbedding;
    private final List<Block> blocks = new ArrayList<>();
    /** The long-skip projections of the last blocks, in block order (empty without long skips). */
    private final List<Dense> skipProjections = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Dense finalModulation;
    private final Dense toPixels;
    /** The convolutional stem and head, both null without them. */
    private final Conv2D stem;
    private final Conv2D head;
    private final long parameterCount;

    private record Block(LayerNorm norm1, MultiHeadAttention attention, LayerNorm norm2, Mlp mlp, Dense modulation) {
    }

    public DiffusionTransformer(ParameterStore params, DitConfig config) {
        config.validate();
        long before = params.trainableParameterCount();
        this.tf = params.ops();
        this.config = config;
        int width = config.width();
        this.patches = new Patches(tf, config.imageSize(), config.pixelFeatures(), config.patchSize(), config.patchSize());
        boolean convolutional = config.convChannels() > 0;
        this.stem = convolutional ? new Conv2D(params, "stem", 3, config.inChannels(), config.convChannels()) : null;
        this.patchEmbedding = new Dense(params, "patch_embedding", patches.patchLength(), width);
        this.positions = config.learnedPositions()
                ? params.create("position_embedding", new long[] {patches.count(), width}, Init.WEIGHT, width, width)
                : tf.constant(sinCos2d(config.grid(), width));
        this.timeTable = tf.constant(TimeEmbedding.sinusoidalTable(config.timesteps(), DitConfig.TIME_FREQUENCIES));
        this.timeHidden = new Dense(params, "time_mlp.dense1", DitConfig.TIME_FREQUENCIES, width);
        this.timeOutput = new Dense(params, "time_mlp.dense2", width, width);
        this.labelEmbedding = config.classes() > 0 ? new Embedding(params, "label_embedding", config.classes() + 1, width) : null;
        ParameterStore closing = params.closingBranch();
        for (int i = 1; i <= config.depth(); i++) {
            String name = "block_" + i;
            blocks.add(new Block(
                    new LayerNorm(params, name + ".norm1", width, false, NORM_EPSILON),
                    new MultiHeadAttention(params, name + ".attention", width, config.heads(), width / config.heads(), false),
                    new LayerNorm(params, name + ".norm2", width, false, NORM_EPSILON),
                    new Mlp(params, name + ".mlp", width, config.mlpRatio() * width, false, config.mlpConv() ? config.grid() : 0),
                    new Dense(closing, name + ".adaln", width, 6 * width)));
        }
        for (int i = config.depth() - config.skipCount() + 1; i <= config.depth(); i++) {
            skipProjections.add(new Dense(params, "block_" + i + ".skip", 2 * width, width));
        }
        this.finalNorm = new LayerNorm(params, "final.norm", width, false, NORM_EPSILON);
        this.finalModulation = new Dense(closing, "final.adaln", width, 2 * width);
        this.toPixels = new Dense(convolutional ? params : closing, "final.to_pixels", width, patches.patchLength());
        this.head = convolutional
                ? new Conv2D(closing, "head", 3, config.headChannels(), config.inChannels()) : null;
        this.parameterCount = params.trainableParameterCount() - before;
    }

    public DitConfig config() {
        return config;
    }

    /** Trainable parameters this network created. */
    public long parameterCount() {
        return parameterCount;
    }

    /**
     * DiT's fixed position code on a grid x grid layout: the first half of the features encodes the column,
     * the second the row, each half sin then cos at frequencies 10000^(-i / (width / 4)).
     */
    public static float[][] sinCos2d(int grid, int width) {
        int quarter = width / 4;
        float[][] table = new float[grid * grid][width];
        for (int row = 0; row < grid; row++) {
            for (int col = 0; col < grid; col++) {
                float[] v = table[row * grid + col];
                for (int i = 0; i < quarter; i++) {
                    double omega = Math.pow(10000.0, -(double) i / quarter);
                    v[i] = (float) Math.sin(col * omega);
                    v[quarter + i] = (float) Math.cos(col * omega);
                    v[2 * quarter + i] = (float) Math.sin(row * omega);
                    v[3 * quarter + i] = (float) Math.cos(row * omega);
                }
            }
        }
        return table;
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> noisyImages, Operand<TInt32> timesteps, Operand<TInt32> labels) {
        int width = config.width();
        int tokens = patches.count();
        Operand<TFloat32> pixels = stem == null ? noisyImages : Activations.swish(tf, stem.apply(noisyImages));
        Operand<TFloat32> cut = tf.reshape(patches.patchify(pixels), tf.constant(new int[] {-1, patches.patchLength()}));
        Operand<TFloat32> x = tf.math.add(
                tf.reshape(patchEmbedding.apply(cut), tf.constant(new int[] {-1, tokens, width})), positions);
        Operand<TFloat32> c = timeOutput.apply(Activations.swish(tf, timeHidden.apply(tf.gather(timeTable, timesteps, tf.constant(0)))));
        Operand<TFloat32> label = ClassLabels.labelVector(labelEmbedding, config.classes(), labels);
        if (label != null) {
            c = tf.math.add(c, label);
        }
        Operand<TFloat32> conditioning = Activations.swish(tf, c);
        Deque<Operand<TFloat32>> skips = new ArrayDeque<>();
        int firstSkipped = blocks.size() - skipProjections.size();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (i >= firstSkipped) {
                Operand<TFloat32> joined = tf.concat(List.of(x, skips.pop()), tf.constant(2));
                x = tf.reshape(skipProjections.get(i - firstSkipped).apply(
                        tf.reshape(joined, tf.constant(new int[] {-1, 2 * width}))), tf.constant(new int[] {-1, tokens, width}));
            }
            // [batch, 6*width] -> six [batch, 1, width] vectors broadcast over the tokens.
            Split<TFloat32> m = tf.split(tf.constant(2),
                    tf.reshape(block.modulation().apply(conditioning), tf.constant(new int[] {-1, 1, 6 * width})), 6L);
            Operand<TFloat32> h = modulate(block.norm1().apply(x), m.output().get(0), m.output().get(1));
            x = tf.math.add(x, tf.math.mul(m.output().get(2), block.attention().apply(h, tokens)));
            h = modulate(block.norm2().apply(x), m.output().get(3), m.output().get(4));
            x = tf.math.add(x, tf.math.mul(m.output().get(5), block.mlp().apply(h, tokens)));
            if (i < skipProjections.size()) {
                skips.push(x);
            }
        }
        Split<TFloat32> m = tf.split(tf.constant(2),
                tf.reshape(finalModulation.apply(conditioning), tf.constant(new int[] {-1, 1, 2 * width})), 2L);
        Operand<TFloat32> h = modulate(finalNorm.apply(x), m.output().get(0), m.output().get(1));
        Operand<TFloat32> tokenPixels = toPixels.apply(tf.reshape(h, tf.constant(new int[] {-1, width})));
        Operand<TFloat32> image = patches.recompose(tf.reshape(tokenPixels, tf.constant(new int[] {-1, tokens, patches.patchLength()})));
        if (head == null) {
            return image;
        }
        Operand<TFloat32> headInput = Activations.swish(tf, image);
        if (config.stemSkip()) {
            headInput = tf.concat(List.of(headInput, pixels), tf.constant(3));
        }
        return head.apply(headInput);
    }

    private Operand<TFloat32> modulate(Operand<TFloat32> x, Operand<TFloat32> shift, Operand<TFloat32> scale) {
        return tf.math.add(tf.math.add(x, tf.math.mul(x, scale)), shift);
    }
}
