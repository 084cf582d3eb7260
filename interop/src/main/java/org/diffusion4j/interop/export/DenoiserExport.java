package org.diffusion4j.interop.export;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.diffusion4j.models.graph.PredictionOps;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.DenoisingNetwork;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.interop.imports.DenoiserCard;
import org.diffusion4j.interop.imports.ImageLayout;
import org.diffusion4j.interop.imports.PixelRange;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.interop.imports.ScheduleCard;
import org.diffusion4j.interop.imports.SizeFit;
import org.diffusion4j.interop.imports.TimeFeeding;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A trained network (U-Net, ViT or DiT) as a SavedModel: serving_default = denoise(x_t, t) -> eps, and sample = a whole DDIM
 * run (steps fixed here) from noise to images in [0, 1], so a TF Serving client gets finished images from
 * one request. A class-conditional run adds a {@code labels} input to both (the class count meaning "no
 * label"), and sample a scalar {@code guidance}: the classifier-free guidance scale, applied in-graph.
 */
public final class DenoiserExport implements ExportableModel {

    public static final String DENOISE_SIGNATURE = "serving_default";
    public static final String SAMPLE_SIGNATURE = "sample";
    public static final String EDIT_SIGNATURE = "edit";
    public static final String LABELS_INPUT = "labels";
    public static final String GUIDANCE_INPUT = "guidance";
    public static final int DEFAULT_SAMPLE_STEPS = 20;

    private final ModelSpec spec;
    private final Map<String, ParameterValue> weights;
    private final int sampleSteps;
    /** The timesteps the sample and edit signatures walk: DDIM's for sampleSteps, or those a distilled student learnt. */
    private final int[] sequence;
    /** Whether the network applies classifier-free guidance itself (a student distilled from a guided teacher). */
    private final boolean guidanceDistilled;
    /** What each label means, for a conditional model: a folder run's class names, else the digits. */
    private final List<String> classNames;

    /** A model whose labels, if any, are MNIST's digits. */
    public DenoiserExport(ModelSpec spec, Map<String, ParameterValue> weights, int sampleSteps) {
        this(spec, weights, sampleSteps, null);
    }

    /** {@code classNames}: a folder run's classes in label order; null for digits. */
    public DenoiserExport(ModelSpec spec, Map<String, ParameterValue> weights, int sampleSteps, List<String> classNames) {
        int timesteps = spec.network().timesteps();
        if (sampleSteps < 1 || sampleSteps > timesteps) {
            throw new IllegalArgumentException("sample steps must be in 1.." + timesteps + " for this model, got " + sampleSteps);
        }
        this.spec = spec;
        this.weights = weights;
        // A distilled student is walked on the timesteps it learnt, whatever the default step count says.
        org.diffusion4j.core.samplers.Sampler sampler = spec.sampling() != null ? spec.sampling().sampler().create()
                : new org.diffusion4j.core.samplers.DdimSampler(sampleSteps, 0.0, true);
        this.sequence = sampler.timesteps(spec.noiseSchedule());
        this.sampleSteps = sequence.length;
        this.guidanceDistilled = spec.sampling() != null && spec.sampling().guidanceDistilled() > 0;
        int classes = spec.network().classes();
        if (classNames != null && classes > 0 && classNames.size() != classes) {
            throw new IllegalArgumentException("the network has " + classes + " classes but " + classNames.size() + " class names were given");
        }
        this.classNames = classes == 0 ? null
                : classNames != null ? List.copyOf(classNames) : IntStream.range(0, classes).mapToObj(String::valueOf).toList();
    }

    /** The run's EMA weights when it kept them (they sample better), else its raw weights. */
    public static DenoiserExport fromRun(RunFolder run, int sampleSteps) {
        return new DenoiserExport(run.modelSpec(), run.samplingWeights(true), sampleSteps, run.folderClassNames());
    }

    @Override
    public List<ExportSignature> build(ParameterStore params) {
        Ops tf = params.ops();
        NetworkConfig config = spec.network();
        DenoisingNetwork built = config.build(params);
        // The signatures answer with noise whatever the network predicts, as their card (prediction EPS) says.
        DenoisingNetwork network = (x, t, labels) -> PredictionOps.toNoise(tf, spec.prediction(), built.apply(x, t, labels), x, t,
                spec.noiseSchedule());
        Shape images = Shape.of(-1, config.imageSize(), config.imageSize(), config.inChannels());
        Placeholder<TFloat32> noisy = tf.withName("x_t").placeholder(TFloat32.class, Placeholder.shape(images));
        Placeholder<TInt32> timesteps = tf.withName("t").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Placeholder<TFloat32> noise = tf.withName("noise").placeholder(TFloat32.class, Placeholder.shape(images));
        InGraphEdit.Inputs edit = editInputs(tf, images);
        if (config.conditional()) {
            return conditionalSignatures(tf, network, noisy, timesteps, noise, edit);
        }
        return List.of(
                new ExportSignature(DENOISE_SIGNATURE, Map.of("x_t", noisy, "t", timesteps),
                        Map.of("eps", tf.withName("eps").identity(network.apply(noisy, timesteps, null)))),
                new ExportSignature(SAMPLE_SIGNATURE, Map.of("noise", noise),
                        Map.of("images", InGraphDdim.build(tf, (x, t) -> network.apply(x, t, null), spec.noiseSchedule(), sequence, noise,
                                spec.network().pixelScale()))),
                new ExportSignature(EDIT_SIGNATURE, editInputMap(edit),
                        Map.of("images", InGraphEdit.build(tf, (x, t) -> network.apply(x, t, null), spec.noiseSchedule(), sequence, edit,
                                spec.network().pixelScale()))));
    }

    /** The edit signature's placeholders: image in [0, 1], mask (1 repaints) with one channel, noise, and the first step. */
    private static InGraphEdit.Inputs editInputs(Ops tf, Shape images) {
        Shape maskShape = Shape.of(-1, images.get(1), images.get(2), 1);
        return new InGraphEdit.Inputs(tf.withName("edit_image").placeholder(TFloat32.class, Placeholder.shape(images)),
                tf.withName("edit_mask").placeholder(TFloat32.class, Placeholder.shape(maskShape)),
                tf.withName("edit_noise").placeholder(TFloat32.class, Placeholder.shape(images)),
                tf.withName("edit_start_step").placeholder(TInt32.class, Placeholder.shape(Shape.scalar())));
    }

    private static Map<String, Operand<?>> editInputMap(InGraphEdit.Inputs edit) {
        return Map.of("image", edit.image(), "mask", edit.mask(), "noise", edit.noise(), "start_step", edit.startStep());
    }

    private List<ExportSignature> conditionalSignatures(Ops tf, DenoisingNetwork network, Placeholder<TFloat32> noisy, Placeholder<TInt32> timesteps,
                                                        Placeholder<TFloat32> noise, InGraphEdit.Inputs edit) {
        Placeholder<TInt32> labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Placeholder<TInt32> sampleLabels = tf.withName("sample_labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Placeholder<TFloat32> guidance = guidanceDistilled ? null
                : tf.withName("guidance").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Operand<TInt32> noLabels = tf.fill(tf.shape(sampleLabels), tf.constant(spec.network().classes()));
        Operand<TInt32> bothLabels = tf.concat(List.of(sampleLabels, noLabels), tf.constant(0));
        if (guidanceDistilled) {
            // The student applies its teacher's guidance itself: one call per step on the labelled batch, no guidance input.
            InGraphDdim.NoisePrediction own = (x, t) -> network.apply(x, t, sampleLabels);
            return List.of(
                    new ExportSignature(DENOISE_SIGNATURE, Map.of("x_t", noisy, "t", timesteps, LABELS_INPUT, labels),
                            Map.of("eps", tf.withName("eps").identity(network.apply(noisy, timesteps, labels)))),
                    new ExportSignature(SAMPLE_SIGNATURE, Map.of("noise", noise, LABELS_INPUT, sampleLabels),
                            Map.of("images", InGraphDdim.build(tf, own, spec.noiseSchedule(), sequence, noise, spec.network().pixelScale()))),
                    new ExportSignature(EDIT_SIGNATURE, withLabels(editInputMap(edit), sampleLabels, null),
                            Map.of("images", InGraphEdit.build(tf, own, spec.noiseSchedule(), sequence, edit, spec.network().pixelScale()))));
        }
        // As GuidedDenoiser does: one U-Net call on the doubled batch (labelled, then unlabelled) per step.
        InGraphDdim.NoisePrediction guided = (x, t) -> {
            Operand<TFloat32> both = network.apply(tf.concat(List.of(x, x), tf.constant(0)), tf.concat(List.of(t, t), tf.constant(0)),
                    bothLabels);
            List<Operand<TFloat32>> halves = splitInTwo(tf, both);
            Operand<TFloat32> conditional = halves.get(0);
            Operand<TFloat32> unconditional = halves.get(1);
            return tf.math.add(unconditional, tf.math.mul(guidance, tf.math.sub(conditional, unconditional)));
        };
        return List.of(
                new ExportSignature(DENOISE_SIGNATURE, Map.of("x_t", noisy, "t", timesteps, LABELS_INPUT, labels),
                        Map.of("eps", tf.withName("eps").identity(network.apply(noisy, timesteps, labels)))),
                new ExportSignature(SAMPLE_SIGNATURE, Map.of("noise", noise, LABELS_INPUT, sampleLabels, GUIDANCE_INPUT, guidance),
                        Map.of("images", InGraphDdim.build(tf, guided, spec.noiseSchedule(), sequence, noise,
                                spec.network().pixelScale()))),
                new ExportSignature(EDIT_SIGNATURE, withLabels(editInputMap(edit), sampleLabels, guidance),
                        Map.of("images", InGraphEdit.build(tf, guided, spec.noiseSchedule(), sequence, edit, spec.network().pixelScale()))));
    }

    private static Map<String, Operand<?>> withLabels(Map<String, Operand<?>> inputs, Operand<TInt32> labels, Operand<TFloat32> guidance) {
        Map<String, Operand<?>> all = new java.util.HashMap<>(inputs);
        all.put(LABELS_INPUT, labels);
        if (guidance != null) {
            all.put(GUIDANCE_INPUT, guidance);
        }
        return all;
    }

    private static List<Operand<TFloat32>> splitInTwo(Ops tf, Operand<TFloat32> both) {
        var parts = tf.split(tf.constant(0), both, 2L);
        return List.of(parts.output().get(0), parts.output().get(1));
    }

    @Override
    public Map<String, ParameterValue> weights() {
        return weights;
    }

    /** The network's pixels: [-1, 1] scaled by its pixel scale (document 004's notebook ViT trains on half that range). */
    private PixelRange pixelRange() {
        double scale = spec.network().pixelScale();
        return scale == 1 ? PixelRange.PROJECT : new PixelRange(-scale, scale);
    }

    @Override
    public ExportManifest manifest() {
        boolean conditional = spec.network().conditional();
        DenoiserCard card = DenoiserCard.builder().signature(DENOISE_SIGNATURE).imageInput("x_t").layout(ImageLayout.NHWC)
                .pixels(pixelRange()).fit(SizeFit.PAD).timeInput("t").time(TimeFeeding.STEP).output("eps")
                .prediction(Prediction.EPS).schedule(new ScheduleCard(spec.schedule(), spec.network().timesteps(), null, null))
                .labels(conditional ? LABELS_INPUT : null, conditional ? spec.network().classes() : null).build();
        return ExportManifest.denoiser(spec, card, sampleSteps, inputsText(), classNames);
    }

    /** The signatures' inputs in words, for whoever writes a serving client. */
    private String inputsText() {
        int size = spec.network().imageSize();
        int channels = spec.network().inChannels();
        String labels = classNames == null ? "" : ", labels int32 [-1]: " + labelMeanings();
        return "serving_default: x_t float [-1," + size + "," + size + "," + channels
                + "] with pixels in [-1, 1] plus noise, t int32 [-1] steps 0.." + (spec.network().timesteps() - 1) + labels
                + "; sample: noise float [-1," + size + "," + size + "," + channels + "] drawn from N(0, 1)" + labels
                + (spec.network().conditional() && !guidanceDistilled ? ", guidance float scalar (0 unconditional, 1 conditional, 3 strongly guided)" : "")
                + (guidanceDistilled ? " (guidance " + spec.sampling().guidanceDistilled() + " is distilled in: no guidance input)" : "")
                + ", returns images in [0, 1]; edit: image float [-1," + size + "," + size + "," + channels + "] in [0, 1], mask float [-1,"
                + size + "," + size + ",1] (1 repaints, 0 keeps the image's pixel), noise as sample's, start_step int32 scalar: the first "
                + "of the " + sampleSteps + " DDIM steps to take, at timesteps " + java.util.Arrays.toString(editTimesteps())
                + " (0 starts from pure noise; image-to-image at strength s starts at the first timestep at most s x "
                + spec.network().timesteps() + ")" + labels
                + (spec.network().conditional() && !guidanceDistilled ? ", guidance" : "") + ", returns images in [0, 1] whose kept pixels are the image's";
    }

    private int[] editTimesteps() {
        return sequence.clone();
    }

    /** "0 flags, 1 food, 2 people (3: no label; names in assets/classes.txt)", or the digits' range. */
    private String labelMeanings() {
        String none = " (" + classNames.size() + ": no label; names in " + ExportManifest.CLASSES_ASSET + ")";
        if (classNames.equals(IntStream.range(0, classNames.size()).mapToObj(String::valueOf).toList())) {
            return "digits 0.." + (classNames.size() - 1) + none;
        }
        return IntStream.range(0, classNames.size()).mapToObj(k -> k + " " + classNames.get(k)).collect(Collectors.joining(", ")) + none;
    }
}
