package org.diffusion4j.cli;

import java.util.List;
import org.diffusion4j.models.networks.BlockType;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.networks.VitConfig;
import picocli.CommandLine.Option;

/**
 * The network `train` builds and the schedule it trains on. Each architecture has its own defaults: the
 * U-Net and the DiT train on the cosine schedule with T = 100, document 004's ViT on its geometric chain
 * with T = 500. Options left out keep the architecture's preset.
 */
final class NetworkOptions {

    @Option(names = "--model", defaultValue = "unet",
            description = "unet (document 000), vit (document 004's transformer) or dit (a DiT with adaptive layer norm) (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--schedule", description = "cosine, linear or geometric (default: geometric for vit, else cosine)")
    String schedule;
    @Option(names = "--timesteps", description = "diffusion steps T (default: 500 for vit, else 100)") Integer timesteps;

    @Option(names = "--model-channels", defaultValue = "16", description = "U-Net: channels of the first level (default: ${DEFAULT-VALUE})") int modelChannels;
    @Option(names = "--channel-multipliers", split = ",", defaultValue = "1,2,3",
            description = "U-Net: channels of each level as multiples of --model-channels (default: ${DEFAULT-VALUE})") List<Integer> channelMultipliers;
    @Option(names = "--blocks-per-level", defaultValue = "1", description = "U-Net: blocks per level (default: ${DEFAULT-VALUE})") int blocksPerLevel;
    @Option(names = "--block", defaultValue = "RES_BLOCK", description = "U-Net: RES_BLOCK or CONV_EMBED") BlockType block;
    @Option(names = "--groups", defaultValue = "8", description = "U-Net: GroupNorm groups (default: ${DEFAULT-VALUE})") int groups;
    @Option(names = "--heads", description = "attention heads (default: U-Net 4, vit 20, dit 4)") Integer heads;

    @Option(names = "--patch-size", description = "vit, dit: patch side (default: vit 4, dit 4)") Integer patchSize;
    @Option(names = "--patch-stride", description = "vit: pixels between patches, below the patch size for overlap (default: 2)")
    Integer patchStride;
    @Option(names = "--width", description = "vit, dit: token width (default: vit 16, dit 128)") Integer width;
    @Option(names = "--depth", description = "vit, dit: attention layers or blocks (default: vit 3, dit 6)") Integer depth;
    @Option(names = "--head-dim", description = "vit: features per attention head (default: 16, the token width; document 004's "
            + "100 computes the same functions with six times the FLOPs)") Integer headDim;
    @Option(names = "--long-skips", negatable = true, description = "dit: U-ViT long skips from the first blocks to the last")
    Boolean longSkips;
    @Option(names = "--mlp-ratio", description = "dit: MLP hidden size over the width (default: 2)") Integer mlpRatio;
    @Option(names = "--mlp-conv", negatable = true, description = "dit: a depthwise 3x3 convolution over the token grid "
            + "inside every MLP (default: on)") Boolean mlpConv;
    @Option(names = "--conv-channels", description = "dit: channels of a 3x3 convolutional stem and head around the patches; "
            + "0 for DiT's linear ones (default: 16)") Integer convChannels;
    @Option(names = "--stem-skip", negatable = true, description = "dit: the convolutional head also reads the stem's "
            + "features, a skip at full resolution (default: on when there is a stem)") Boolean stemSkip;

    String schedule() {
        return schedule != null ? schedule : model.equals("vit") ? "geometric" : "cosine";
    }

    /** The configured network for square images of {@code size} and {@code classes} labels (0: unconditional). */
    NetworkConfig build(int size, int classes) {
        NetworkConfig config = switch (model) {
            case "unet" -> new UNetConfig(size, 1, modelChannels, channelMultipliers, blocksPerLevel, block, groups,
                    or(heads, 4), or(timesteps, 100), classes);
            case "vit" -> {
                VitConfig preset = VitConfig.mnistPreset();
                yield new VitConfig(size, 1, or(patchSize, preset.patchSize()), or(patchStride, preset.patchStride()),
                        or(width, preset.width()), or(depth, preset.depth()), or(heads, preset.heads()), or(headDim, preset.headDim()),
                        preset.inputResidual(), or(timesteps, preset.timesteps()), classes);
            }
            case "dit" -> {
                DitConfig preset = DitConfig.mnistPreset();
                int stemChannels = or(convChannels, preset.convChannels());
                yield new DitConfig(size, 1, or(patchSize, preset.patchSize()), or(width, preset.width()), or(depth, preset.depth()),
                        or(heads, preset.heads()), or(mlpRatio, preset.mlpRatio()), preset.learnedPositions(),
                        or(timesteps, preset.timesteps()), classes, longSkips != null ? longSkips : preset.longSkips(),
                        stemChannels, mlpConv != null ? mlpConv : preset.mlpConv(),
                        stemSkip != null ? stemSkip : preset.stemSkip() && stemChannels > 0);
            }
            default -> throw new IllegalArgumentException("unknown --model '" + model + "'; use unet, vit or dit");
        };
        config.validate();
        return config;
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }
}
