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
        this.patchEmbedding = new Dense(params, "patch_embedding", patches.patchLength(), width);
        this.positions = params.create("position_embedding", new long[] {patches.count() + 1L, width}, Init.WEIGHT, width, width);
        this.timeTable = tf.constant(TimeEmbedding.sinusoidalTable(config.timesteps(), width));
        this.timeProjection = new Dense(params, "time_token", width, width);
        this.labelEmbedding = config.classes() > 0 ? new Embedding(params, "label_embedding", config.classes() + 1, width) : null;
        for (int i = 1; i <= config.depth(); i++) {
            layers.add(new MultiHeadAttention(params, "attention_" + i, width, config.heads(), config.headSize(), true));
        }
        this.toPixels = new Dense(params.closingBranch(), "to_pixels", width, patches.patchLength());
        this.parameterCount = params.trainableParameterCount() - before;
    }

    public VitConfig config() {
        return config;
    }

    /** Trainable parameters this network created. */
    public long parameterCount() {
        return parameterCount;
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> noisyImages, Operand<TInt32> timesteps, Operand<TInt32> labels) {
        int width = config.width();
        int count = patches.count();
        int tokens = count + 1;
        Operand<TFloat32> cut = tf.reshape(patches.patchify(noisyImages), tf.constant(new int[] {-1, patches.patchLength()}));
        Operand<TFloat32> patchTokens = tf.reshape(patchEmbedding.apply(cut), tf.constant(new int[] {-1, count, width}));
        Operand<TFloat32> time = timeProjection.apply(tf.gather(timeTable, timesteps, tf.constant(0)));
        Operand<TFloat32> label = ClassLabels.labelVector(labelEmbedding, config.classes(), labels);
        if (label != null) {
            time = tf.math.add(time, label);
        }
        Operand<TFloat32> timeToken = tf.reshape(time, tf.constant(new int[] {-1, 1, width}));
        // The time token goes last, after the patches, as the document appends its noise-level row.
        Operand<TFloat32> start = tf.math.add(tf.concat(List.of(patchTokens, timeToken), tf.constant(1)), positions);
        Operand<TFloat32> x = start;
        for (MultiHeadAttention layer : layers) {
            x = tf.math.add(config.inputResidual() ? start : x, layer.apply(x, tokens));
        }
        Operand<TFloat32> patchOut = tf.stridedSlice(x, Indices.all(), Indices.sliceTo(count), Indices.all());
        Operand<TFloat32> pixels = toPixels.apply(tf.reshape(patchOut, tf.constant(new int[] {-1, width})));
        return patches.recompose(tf.reshape(pixels, tf.constant(new int[] {-1, count, patches.patchLength()})));
    }
}
