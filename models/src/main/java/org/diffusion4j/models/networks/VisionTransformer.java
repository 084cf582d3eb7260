package org.diffusion4j.models.networks;

import java.util.ArrayList;
import java.util.List;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterStore.Init;
import org.diffusion4j.models.layers.Dense;
import org.diffusion4j.models.layers.Embedding;
import org.diffusion4j.models.layers.MultiHeadAttention;
import org.diffusion4j.models.layers.Patches;
import org.diffusion4j.models.layers.TimeEmbedding;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Document 004's vision-transformer denoiser as a graph builder. The image is cut into (possibly overlapping)
 * patches, each embedded linearly into a token; the timestep becomes one more token (its sinusoidal code
 * through a Dense, plus the label's embedding when the model has classes); a learned position embedding is
 * added to all tokens; then attention layers with residuals and no normalisation or feed-forward block, as
 * in the document. Each patch token is projected back to its pixels and the patches are recomposed into
 * the image, overlapping pixels averaged.
 *
 * <p>Under FAN_IN_ZERO_BRANCHES every attention output projection and the final projection start at zero,
 * so the first prediction is zero noise.
 *
 * <p>With {@link VitConfig#pixelTokens()} (the author's notebook) there is no embedding and no projection: the raw
 * patches are the tokens, the noise-level token is a^n in every element, and the output is the patch tokens after
 * the last layer. With the input residual that output is the noisy patch (plus its position) plus the attention's
 * correction, so under FAN_IN_ZERO_BRANCHES, where the output projection and the positions start at zero, the
 * network starts as the identity on every patch. With {@link VitConfig#patchLoss()} the training error is taken on
 * those patch outputs against the noise's patches, before {@link Patches#recompose} averages the overlaps.
 */
public final class VisionTransformer implements DenoisingNetwork {

    private final Ops tf;
    private final VitConfig config;
    private final Patches patches;
    private final Dense patchEmbedding;
    private final Variable<TFloat32> positions;
    private final Operand<TFloat32> timeTable;
    private final Dense timeProjection;
    private final Embedding labelEmbedding;
    private final List<MultiHeadAttention> layers = new ArrayList<>();
    private final Dense toPixels;
    private final long parameterCount;

    public VisionTransformer(ParameterStore params, VitConfig config) {
        config.validate();
        long before = params.trainableParameterCount();
        this.tf = params.ops();
        this.config = config;
        int width = config.width();
        this.patches = new Patches(tf, config.imageSize(), config.inChannels(), config.patchSize(), config.patchStride());
        if (config.pixelTokens()) {
            // Raw patches need no embedding. The notebook's position table has a row per patch only; its noise-level
            // token is told apart by its values. Zero under FAN_IN_ZERO_BRANCHES, so the network starts as the identity.
            this.patchEmbedding = null;
            this.positions = params.closingBranch().create("position_embedding", new long[] {patches.count(), width}, Init.WEIGHT,
                    width, width);
        } else {
            this.patchEmbedding = new Dense(params, "patch_embedding", patches.patchLength(), width);
            this.positions = params.create("position_embedding", new long[] {patches.count() + 1L, width}, Init.WEIGHT, width, width);
        }
        if (config.levelBase() > 0) {
            this.timeTable = tf.constant(levelTable(config.timesteps(), config.levelBase()));
            this.timeProjection = null;
        } else {
            this.timeTable = tf.constant(TimeEmbedding.sinusoidalTable(config.timesteps(), width));
            this.timeProjection = new Dense(params, "time_token", width, width);
        }
        this.labelEmbedding = config.classes() > 0 ? new Embedding(params, "label_embedding", config.classes() + 1, width) : null;
        for (int i = 1; i <= config.depth(); i++) {
            layers.add(new MultiHeadAttention(params, "attention_" + i, width, config.heads(), config.headSize(), true));
        }
        this.toPixels = config.pixelTokens() ? null : new Dense(params.closingBranch(), "to_pixels", width, patches.patchLength());
        this.parameterCount = params.trainableParameterCount() - before;
    }

    public VitConfig config() {
        return config;
    }

    /** Trainable parameters this network created. */
    public long parameterCount() {
        return parameterCount;
    }

    /**
     * The noise level a^(t+1) of the geometric chain for t = 0..timesteps-1, one per row: the notebook's noise-level
     * token before it is spread over the token's width.
     */
    static float[] levelTable(int timesteps, double a) {
        float[] levels = new float[timesteps];
        for (int t = 0; t < timesteps; t++) {
            levels[t] = (float) Math.pow(a, t + 1);
        }
        return levels;
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> noisyImages, Operand<TInt32> timesteps, Operand<TInt32> labels) {
        return patches.recompose(patchPredictions(noisyImages, timesteps, labels));
    }

    /** With {@link VitConfig#patchLoss()}: every patch copy against the noise's patch, before overlaps are averaged. */
    @Override
    public Operand<TFloat32> trainingError(Ops ops, Operand<TFloat32> noisyImages, Operand<TInt32> timesteps,
                                           Operand<TInt32> labels, Operand<TFloat32> noises) {
        if (!config.patchLoss()) {
            return DenoisingNetwork.super.trainingError(ops, noisyImages, timesteps, labels, noises);
        }
        Operand<TFloat32> error = tf.math.sub(patchPredictions(noisyImages, timesteps, labels), patches.patchify(noises));
        // [batch, patches, size*size*c] -> [batch, patches, size*size, c]: rank 4, batch first, as the loss expects.
        int channels = config.inChannels();
        return tf.reshape(error, tf.constant(new int[] {-1, patches.count(), patches.patchLength() / channels, channels}));
    }

    /** The predicted noise of every patch, [batch, patches, patchLength], before the overlaps are averaged. */
    public Operand<TFloat32> patchPredictions(Operand<TFloat32> noisyImages, Operand<TInt32> timesteps, Operand<TInt32> labels) {
        int width = config.width();
        int count = patches.count();
        int tokens = count + 1;
        Operand<TFloat32> cut = patches.patchify(noisyImages);
        Operand<TFloat32> patchTokens = config.pixelTokens() ? cut
                : tf.reshape(patchEmbedding.apply(tf.reshape(cut, tf.constant(new int[] {-1, patches.patchLength()}))),
                        tf.constant(new int[] {-1, count, width}));
        Operand<TFloat32> time = timeVector(timesteps);
        Operand<TFloat32> label = ClassLabels.labelVector(labelEmbedding, config.classes(), labels);
        if (label != null) {
            time = tf.math.add(time, label);
        }
        Operand<TFloat32> timeToken = tf.reshape(time, tf.constant(new int[] {-1, 1, width}));
        // The time token goes last, after the patches, as the document appends its noise-level row.
        Operand<TFloat32> start = config.pixelTokens()
                ? tf.concat(List.of(tf.math.add(patchTokens, positions), timeToken), tf.constant(1))
                : tf.math.add(tf.concat(List.of(patchTokens, timeToken), tf.constant(1)), positions);
        Operand<TFloat32> x = start;
        for (MultiHeadAttention layer : layers) {
            x = tf.math.add(config.inputResidual() ? start : x, layer.apply(x, tokens));
        }
        Operand<TFloat32> patchOut = tf.stridedSlice(x, Indices.all(), Indices.sliceTo(count), Indices.all());
        if (config.pixelTokens()) {
            return patchOut;
        }
        Operand<TFloat32> pixels = toPixels.apply(tf.reshape(patchOut, tf.constant(new int[] {-1, width})));
        return tf.reshape(pixels, tf.constant(new int[] {-1, count, patches.patchLength()}));
    }

    /** [batch, width]: the noise level a^n in every element, or a Dense of the sinusoidal timestep code. */
    private Operand<TFloat32> timeVector(Operand<TInt32> timesteps) {
        Operand<TFloat32> rows = tf.gather(timeTable, timesteps, tf.constant(0));
        if (timeProjection != null) {
            return timeProjection.apply(rows);
        }
        Operand<TFloat32> spread = tf.ones(tf.constant(new int[] {1, config.width()}), TFloat32.class);
        return tf.math.mul(tf.reshape(rows, tf.constant(new int[] {-1, 1})), spread);
    }
}
