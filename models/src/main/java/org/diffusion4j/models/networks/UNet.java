package org.diffusion4j.models.networks;

import java.util.ArrayList;
import java.util.List;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.layers.Conv2D;
import org.diffusion4j.models.layers.ConvEmbed;
import org.diffusion4j.models.layers.ResBlock;
import org.diffusion4j.models.layers.SelfAttention2D;
import org.diffusion4j.models.layers.TimeConditionedBlock;
import org.diffusion4j.models.layers.TimeEmbedding;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Document 000's U-Net as a graph builder. Creating it creates the variables; {@link #apply} adds the
 * forward pass for a batch of noisy NHWC images and their integer timesteps and returns the predicted noise.
 *
 * <p>Levels run top (full resolution) to bottom. Level 1 has its down blocks, the inner levels and its up
 * blocks; each deeper level starts with a 4x4 stride-2 convolution and ends with nearest upsampling and a
 * 3x3 convolution; the middle is conv, block, self-attention with a residual, block. Only the last down
 * block of a level feeds the skip connection, which is concatenated on channels. A level whose side is one of
 * the configuration's attention resolutions follows each of its blocks with self-attention and a residual.
 */
public final class UNet implements DenoisingNetwork {

    private final Ops tf;
    private final UNetConfig config;
    private final TimeEmbedding timeEmbedding;
    private final Conv2D initialConv;
    private final List<Level> levels = new ArrayList<>();
    private final Conv2D middleConv;
    private final TimeConditionedBlock middleBlock1;
    private final SelfAttention2D middleAttention;
    private final TimeConditionedBlock middleBlock2;
    private final Conv2D finalConv;
    private final Variable<TFloat32> labelEmbedding;

    /**
     * One resolution: optional downsample in, down blocks, up blocks, optional upsample out. The attention lists
     * are empty, or hold the attention after each block of the same index.
     */
    private record Level(Conv2D downsample, List<TimeConditionedBlock> downBlocks, List<SelfAttention2D> downAttention,
                         List<TimeConditionedBlock> upBlocks, List<SelfAttention2D> upAttention, Conv2D upsampleConv, int size) {
    }

    public UNet(ParameterStore params, UNetConfig config) {
        config.validate();
        this.tf = params.ops();
        this.config = config;
        int[] channels = config.levelChannels();
        int depth = config.channelMultipliers().size();
        int embeddingDim = config.timeEmbeddingDim();
        this.timeEmbedding = new TimeEmbedding(params, "time_embedding", config.timesteps(), embeddingDim);
        // One learned vector per class plus one for "no label", added to the time embedding so every block sees it.
        this.labelEmbedding = config.conditional()
                ? params.create("label_embedding", new long[] {config.classes() + 1, embeddingDim}, ParameterStore.Init.WEIGHT,
                        config.classes() + 1, embeddingDim)
                : null;
        this.initialConv = new Conv2D(params, "init", 3, config.inChannels(), config.modelChannels());
        int size = config.imageSize();
        for (int level = 1; level <= depth; level++) {
            Conv2D downsample = null;
            if (level > 1) {
                downsample = new Conv2D(params, "downsample_" + (level - 1), 4, channels[level - 2], channels[level - 1],
                        Conv2D.Options.DEFAULT.withStride(2));
                size /= 2;
            }
            int inCh = channels[level - 1];
            int outCh = channels[level];
            List<TimeConditionedBlock> down = new ArrayList<>();
            List<TimeConditionedBlock> up = new ArrayList<>();
            List<SelfAttention2D> downAttention = new ArrayList<>();
            List<SelfAttention2D> upAttention = new ArrayList<>();
            for (int i = 1; i <= config.blocksPerLevel(); i++) {
                down.add(block(params, blockName("down", level, i), inCh, inCh));
                up.add(block(params, blockName("up", level, i), i == 1 ? inCh + outCh : outCh, outCh));
                if (config.attentionAt(level)) {
                    downAttention.add(attention(params, blockName("down", level, i), inCh));
                    upAttention.add(attention(params, blockName("up", level, i), outCh));
                }
            }
            Conv2D upsampleConv = level > 1 ? new Conv2D(params, "upsample_" + level, 3, outCh, inCh) : null;
            levels.add(new Level(downsample, down, downAttention, up, upAttention, upsampleConv, size));
        }
        int middleChannels = channels[depth];
        this.middleConv = new Conv2D(params, "down_" + (depth + 1), 3, channels[depth - 1], middleChannels);
        this.middleBlock1 = block(params, "middle_1", middleChannels, middleChannels);
        this.middleAttention = new SelfAttention2D(params, "middle_attention", middleChannels, config.attentionHeads());
        this.middleBlock2 = block(params, "middle_2", middleChannels, middleChannels);
        // Document 000 maps model_channels back to the image; that equals channels[1] when the first
        // multiplier is 1 (its setting), and channels[1] is what the top up block actually produces.
        this.finalConv = new Conv2D(params.closingBranch(), "final", 3, channels[1], config.inChannels());
    }

    private String blockName(String kind, int level, int index) {
        return config.blocksPerLevel() == 1 ? kind + "_" + level : kind + "_" + level + "_" + index;
    }

    private SelfAttention2D attention(ParameterStore params, String blockName, int channels) {
        return new SelfAttention2D(params, blockName + ".attention", channels, config.attentionHeads());
    }

    private TimeConditionedBlock block(ParameterStore params, String name, int in, int out) {
        return switch (config.blockType()) {
            case RES_BLOCK -> new ResBlock(params, name, in, out, config.timeEmbeddingDim(), config.groups());
            case CONV_EMBED -> new ConvEmbed(params, name, in, out, config.timeEmbeddingDim(), config.groups());
        };
    }

    public UNetConfig config() {
        return config;
    }

    /** noisyImages: [batch, size, size, inChannels]; timesteps: [batch] in 0..T-1. Returns predicted noise. */
    public Operand<TFloat32> apply(Operand<TFloat32> noisyImages, Operand<TInt32> timesteps) {
        return apply(noisyImages, timesteps, null);
    }

    @Override
    public Operand<TFloat32> apply(Operand<TFloat32> noisyImages, Operand<TInt32> timesteps, Operand<TInt32> labels) {
        if (config.conditional() == (labels == null)) {
            throw new IllegalArgumentException(config.conditional()
                    ? "this U-Net is conditioned on " + config.classes() + " classes and needs labels"
                    : "this U-Net is unconditional and takes no labels");
        }
        Operand<TFloat32> embedding = timeEmbedding.apply(timesteps);
        if (labels != null) {
            embedding = tf.math.add(embedding, tf.gather(labelEmbedding, labels, tf.constant(0)));
        }
        Operand<TFloat32> h = initialConv.apply(noisyImages);
        h = applyLevel(0, h, embedding);
        return finalConv.apply(h);
    }

    private Operand<TFloat32> applyLevel(int index, Operand<TFloat32> x, Operand<TFloat32> embedding) {
        Level level = levels.get(index);
        int size = level.size();
        Operand<TFloat32> h = level.downsample() == null ? x : level.downsample().apply(x);
        h = applyBlocks(level.downBlocks(), level.downAttention(), h, embedding, size);
        Operand<TFloat32> inner = index + 1 < levels.size() ? applyLevel(index + 1, h, embedding) : applyMiddle(h, embedding, size);
        h = tf.concat(List.of(h, inner), tf.constant(3));
        h = applyBlocks(level.upBlocks(), level.upAttention(), h, embedding, size);
        if (level.upsampleConv() != null) {
            h = tf.image.resizeNearestNeighbor(h, tf.constant(new int[] {size * 2, size * 2}));
            h = level.upsampleConv().apply(h);
        }
        return h;
    }

    private Operand<TFloat32> applyBlocks(List<TimeConditionedBlock> blocks, List<SelfAttention2D> attention, Operand<TFloat32> x,
                                          Operand<TFloat32> embedding, int size) {
        Operand<TFloat32> h = x;
        for (int i = 0; i < blocks.size(); i++) {
            h = blocks.get(i).apply(h, embedding, size, size);
            if (!attention.isEmpty()) {
                h = tf.math.add(h, attention.get(i).apply(h, size, size));
            }
        }
        return h;
    }

    private Operand<TFloat32> applyMiddle(Operand<TFloat32> x, Operand<TFloat32> embedding, int size) {
        Operand<TFloat32> h = middleConv.apply(x);
        h = middleBlock1.apply(h, embedding, size, size);
        h = tf.math.add(h, middleAttention.apply(h, size, size));
        return middleBlock2.apply(h, embedding, size, size);
    }
}
