package org.diffusion4j.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.diffusion4j.models.networks.BlockType;
import org.diffusion4j.models.networks.DitConfig;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.NetworkTypes;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.networks.VitConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The network `train` builds and the schedule it trains on. Each architecture has its own defaults: the
 * U-Net and the DiT train on the cosine schedule with T = 100, document 004's ViT on its geometric chain
 * with T = 500. Options left out keep the architecture's preset.
 *
 * <p>An argument group of `train` rather than a mixin: the shape options come in one group per architecture
 * (or pair of them), shown as sections of `train --help`, and picocli 4.7.6 cannot hold negatable options in
 * a group inside a mixin. An option of a group that does not shape the chosen --model is refused rather than
 * ignored, so a command cannot silently train another network than the one it spells out. The groups keep
 * picocli's validation: an option given twice is an error, as elsewhere, not a second set of options.
 */
final class NetworkOptions {

    /** The --model values this class has option sections and presets for. */
    private static final List<String> BUILT_HERE = List.of("unet", "vit", "dit");

    /** The --model values whose network each group's options shape. */
    private static final Map<Class<?>, List<String>> GROUP_MODELS = Map.of(
            UNetOptions.class, List.of("unet"),
            TransformerOptions.class, List.of("vit", "dit"),
            VitOptions.class, List.of("vit"),
            DitOptions.class, List.of("dit"));

    /** Injected only when an option of this group was given; without one there is nothing to refuse. */
    @Spec
    CommandSpec command;

    @Option(names = "--model", defaultValue = "unet", completionCandidates = ModelNames.class,
            description = "unet (document 000), vit (document 004's transformer) or dit (a DiT with adaptive layer norm) (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--schedule", description = "cosine, linear or geometric (default: geometric for vit, else cosine)")
    String schedule;
    @Option(names = "--timesteps", description = "diffusion steps T (default: 500 for vit, else 100)") Integer timesteps;
    @Option(names = "--heads", description = "attention heads, of every --model (default: unet 4, vit 100 (blog-post 20), dit 4)") Integer heads;

    @ArgGroup(exclusive = false, order = 1, heading = "%nU-Net options (--model unet):%n")
    UNetOptions unet = new UNetOptions();

    @ArgGroup(exclusive = false, order = 2, heading = "%nTransformer options (--model vit or dit):%n")
    TransformerOptions transformer = new TransformerOptions();

    @ArgGroup(exclusive = false, order = 3, heading = "%nViT options (--model vit):%n")
    VitOptions vit = new VitOptions();

    @ArgGroup(exclusive = false, order = 4, heading = "%nDiT options (--model dit):%n")
    DitOptions dit = new DitOptions();

    static final class UNetOptions {
        @Option(names = "--model-channels", description = "channels of the first level (default: 16)") Integer modelChannels;
        @Option(names = "--channel-multipliers", split = ",",
                description = "channels of each level as multiples of --model-channels (default: 1,2,3)") List<Integer> channelMultipliers;
        @Option(names = "--blocks-per-level", description = "blocks per level (default: 1)") Integer blocksPerLevel;
        @Option(names = "--block", description = "RES_BLOCK or CONV_EMBED (default: RES_BLOCK)") BlockType block;
        @Option(names = "--groups", description = "GroupNorm groups (default: 8)") Integer groups;

        void applyTo(UNetConfig.Builder network) {
            if (modelChannels != null) {
                network.modelChannels(modelChannels);
            }
            if (channelMultipliers != null) {
                network.channelMultipliers(channelMultipliers);
            }
            if (blocksPerLevel != null) {
                network.blocksPerLevel(blocksPerLevel);
            }
            if (block != null) {
                network.blockType(block);
            }
            if (groups != null) {
                network.groups(groups);
            }
        }
    }

    static final class TransformerOptions {
        @Option(names = "--patch-size", description = "patch side (default: vit 18, or 4 with --vit-base blog-post; dit 4)") Integer patchSize;
        @Option(names = "--width", description = "token width (default: vit 324, or 16 with --vit-base blog-post; dit 128)") Integer width;
        @Option(names = "--depth", description = "attention layers or blocks (default: vit 1, or 3 with --vit-base blog-post; dit 6)") Integer depth;

        void applyTo(VitConfig.Builder network) {
            if (patchSize != null) {
                network.patchSize(patchSize);
            }
            if (width != null) {
                network.width(width);
            }
            if (depth != null) {
                network.depth(depth);
            }
        }

        void applyTo(DitConfig.Builder network) {
            if (patchSize != null) {
                network.patchSize(patchSize);
            }
            if (width != null) {
                network.width(width);
            }
            if (depth != null) {
                network.depth(depth);
            }
        }
    }

    static final class VitOptions {
        @Option(names = "--vit-base", paramLabel = "NAME", description = "the ViT the other options change: notebook (document "
                + "004's author's notebook: 4 tokens of 18x18 pixels every 10, 1 layer of 100 heads of 100, the noise level a^n as a "
                + "token, pixels x / 256 - 0.5, the loss on every patch copy, each image noised 100 times a step) or blog-post (the "
                + "blog post's 4x4 patches every 2 pixels embedded into 16-wide tokens, 3 layers of 20 heads of 16) "
                + "(default: notebook)") String base;
        @Option(names = "--patch-stride", description = "pixels between patches, below the patch size for overlap "
                + "(default: notebook 10, blog-post 2)") Integer patchStride;
        @Option(names = "--head-dim", description = "features per attention head (default: notebook 100, blog-post 16)") Integer headDim;
        @Option(names = "--pixel-tokens", negatable = true, description = "the raw patches are the tokens and the output, so the "
                + "network adds the noisy patch to its correction; needs --width equal to the patch length (default: notebook on)")
        Boolean pixelTokens;
        @Option(names = "--level-base", description = "a > 0: the time token is the noise level a^n in every element; 0: a Dense "
                + "of the sinusoidal code (default: notebook 0.99, blog-post 0)") Double levelBase;
        @Option(names = "--pixel-scale", description = "data units relative to [-1, 1] pixels; 0.5 is x / 256 - 0.5 "
                + "(default: notebook 0.5, blog-post 1)") Double pixelScale;
        @Option(names = "--patch-loss", negatable = true, description = "take the loss on every patch copy before the overlaps are "
                + "averaged (default: notebook on)") Boolean patchLoss;
        @Option(names = "--noise-repeats", description = "noisy copies of each training image in a step; --batch-size counts "
                + "copies (default: notebook 100, blog-post 1)") Integer noiseRepeats;

        VitConfig base() {
            if (base == null || base.equals("notebook")) {
                return VitConfig.mnistPreset();
            }
            if (base.equals("blog-post")) {
                return VitConfig.blogPostPreset();
            }
            throw new IllegalArgumentException("unknown --vit-base '" + base + "'; use notebook or blog-post");
        }

        void applyTo(VitConfig.Builder network) {
            if (patchStride != null) {
                network.patchStride(patchStride);
            }
            if (headDim != null) {
                network.headDim(headDim);
            }
            if (pixelTokens != null) {
                network.pixelTokens(pixelTokens);
            }
            if (levelBase != null) {
                network.levelBase(levelBase);
            }
            if (pixelScale != null) {
                network.pixelScale(pixelScale);
            }
            if (patchLoss != null) {
                network.patchLoss(patchLoss);
            }
            if (noiseRepeats != null) {
                network.noiseRepeats(noiseRepeats);
            }
        }
    }

    static final class DitOptions {
        @Option(names = "--long-skips", negatable = true, description = "U-ViT long skips from the first blocks to the last")
        Boolean longSkips;
        @Option(names = "--mlp-ratio", description = "MLP hidden size over the width (default: 2)") Integer mlpRatio;
        @Option(names = "--mlp-conv", negatable = true, description = "a depthwise 3x3 convolution over the token grid "
                + "inside every MLP (default: on)") Boolean mlpConv;
        @Option(names = "--conv-channels", description = "channels of a 3x3 convolutional stem and head around the patches; "
                + "0 for DiT's linear ones (default: 16)") Integer convChannels;
        @Option(names = "--stem-skip", negatable = true, description = "the convolutional head also reads the stem's "
                + "features, a skip at full resolution (default: on when there is a stem)") Boolean stemSkip;

        void applyTo(DitConfig.Builder network) {
            if (longSkips != null) {
                network.longSkips(longSkips);
            }
            if (mlpRatio != null) {
                network.mlpRatio(mlpRatio);
            }
            if (mlpConv != null) {
                network.mlpConv(mlpConv);
            }
            if (convChannels != null) {
                network.convChannels(convChannels);
            }
            if (stemSkip != null) {
                network.stemSkip(stemSkip);
            }
        }
    }

    /** The registered architectures, for shell completion of --model. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return NetworkTypes.names().iterator();
        }
    }

    String schedule() {
        return schedule != null ? schedule : model.equals("vit") ? "geometric" : "cosine";
    }

    /** The configured network for square images of {@code size} and {@code classes} labels (0: unconditional). */
    NetworkConfig build(int size, int classes) {
        return build(UNetConfig.document000(size), size, classes);
    }

    /**
     * The same for an image folder: at 32 and 64 pixels the U-Net starts from the colour presets (attention at 16x16,
     * one more level), which document 000's MNIST network does not have; other sizes start from document 000's.
     */
    NetworkConfig buildForImageFolder(int size, int classes) {
        UNetConfig base = switch (size) {
            case 32 -> UNetConfig.rgb32();
            case 64 -> UNetConfig.rgb64();
            default -> UNetConfig.document000(size);
        };
        return build(base, size, classes);
    }

    private NetworkConfig build(UNetConfig unetBase, int size, int classes) {
        if (NetworkTypes.find(model).isEmpty()) {
            throw new IllegalArgumentException("unknown --model '" + model + "'; use " + NetworkTypes.namesInWords());
        }
        refuseOptionsOfOtherModels();
        NetworkConfig config = switch (model) {
            case "unet" -> unetConfig(unetBase.toBuilder().classes(classes));
            case "vit" -> vitConfig(vit.base().toBuilder().imageSize(size).classes(classes));
            case "dit" -> ditConfig(DitConfig.mnistPreset().toBuilder().imageSize(size).classes(classes));
            // Shape options exist only for the built-in architectures: a network registered in code is configured in code.
            default -> throw new IllegalArgumentException("--model " + model + " is registered but train has no options to "
                    + "build it; use " + String.join(", ", BUILT_HERE) + " here, or train it from code");
        };
        config.validate();
        return config;
    }

    private UNetConfig unetConfig(UNetConfig.Builder network) {
        unet.applyTo(network);
        Optional.ofNullable(heads).ifPresent(network::attentionHeads);
        Optional.ofNullable(timesteps).ifPresent(network::timesteps);
        return network.build();
    }

    private VitConfig vitConfig(VitConfig.Builder network) {
        transformer.applyTo(network);
        vit.applyTo(network);
        Optional.ofNullable(heads).ifPresent(network::heads);
        Optional.ofNullable(timesteps).ifPresent(network::timesteps);
        return network.build();
    }

    private DitConfig ditConfig(DitConfig.Builder network) {
        transformer.applyTo(network);
        dit.applyTo(network);
        Optional.ofNullable(heads).ifPresent(network::heads);
        Optional.ofNullable(timesteps).ifPresent(network::timesteps);
        DitConfig built = network.build();
        // Without a stem there is nothing to skip: the preset's skip gives way, an asked-for one fails validation.
        return dit.stemSkip != null ? built : built.withStemSkip(built.stemSkip() && built.convChannels() > 0);
    }

    /** One line naming the first option given that shapes another architecture than --model's. */
    private void refuseOptionsOfOtherModels() {
        if (command == null) {
            return;
        }
        for (OptionSpec option : command.commandLine().getParseResult().matchedOptions()) {
            ArgGroupSpec group = option.group();
            List<String> models = group == null ? null : GROUP_MODELS.get(group.typeInfo().getType());
            if (models != null && !models.contains(model)) {
                String name = option.negatable() ? option.longestName().replaceFirst("^--", "--[no-]") : option.longestName();
                throw new IllegalArgumentException(name + " applies to --model " + String.join(" or ", models) + ", not " + model);
            }
        }
    }
}
