package org.diffusion4j.interop.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.diffusion4j.interop.inspect.OutputTrace;
import org.diffusion4j.interop.inspect.SignatureInfo;
import org.diffusion4j.interop.inspect.SignatureInfo.TensorSpec;
import org.tensorflow.proto.MetaGraphDef;

/**
 * Completes a card from a signature (classifier cards: see {@link #resolve(ClassifierCard, SignatureInfo,
 * MetaGraphDef, String)}). Denoiser cards: what the signature settles (which input is the image, its layout,
 * which input is the time and, for an integer time, that it is the step; the only output) is filled in;
 * what it cannot settle (what the output means, the schedule, the pixel scale) must be in the card, and
 * everything missing is named in one message.
 */
public final class CardResolver {

    private static final Set<String> INTEGER_TYPES = Set.of("int32", "int64");
    private static final Set<String> FLOAT_TYPES = Set.of("float", "double", "half", "bfloat16");

    private CardResolver() {
    }

    /** card may be null (nothing known yet). */
    public static DenoiserCard resolve(DenoiserCard card, SignatureInfo signature, String modelName) {
        DenoiserCard given = card != null ? card : DenoiserCard.builder().build();
        List<String> missing = new ArrayList<>();

        String imageInput = given.imageInput();
        if (imageInput == null) {
            List<TensorSpec> images = signature.inputs().stream().filter(s -> s.rank() == 4 && FLOAT_TYPES.contains(s.dtype())).toList();
            if (images.size() == 1) {
                imageInput = images.get(0).name();
            } else {
                missing.add("imageInput (one of " + names(signature.inputs()) + ")");
            }
        }
        TensorSpec image = imageInput != null ? signature.input(imageInput) : null;

        ImageLayout layout = given.layout();
        if (layout == null && image != null) {
            long[] d = image.dims();
            if (d[3] > 0 && d[3] <= 4 && d[1] > 4) {
                layout = ImageLayout.NHWC;
            } else if (d[1] > 0 && d[1] <= 4 && d[3] > 4) {
                layout = ImageLayout.NCHW;
            } else {
                missing.add("layout (NHWC or NCHW; the image input is " + image.shapeText() + ")");
            }
        }

        TimeFeeding time = given.time();
        String timeInput = given.timeInput();
        if (time != TimeFeeding.SINUSOIDAL_CHANNEL && timeInput == null) {
            String image0 = imageInput;
            List<TensorSpec> others = signature.inputs().stream().filter(s -> !s.name().equals(image0)).toList();
            if (others.size() == 1) {
                timeInput = others.get(0).name();
            } else if (others.isEmpty()) {
                missing.add("time (the signature has no time input: if the model reads time from an extra image channel, "
                        + "set time to SINUSOIDAL_CHANNEL)");
            } else {
                missing.add("timeInput (one of " + names(others) + ")");
            }
        }
        if (time == null && timeInput != null) {
            String dtype = signature.input(timeInput).dtype();
            if (INTEGER_TYPES.contains(dtype)) {
                time = TimeFeeding.STEP;
            } else {
                missing.add("time (input '" + timeInput + "' is " + dtype + ": STEP, UNIT_INTERVAL, NOISE_VARIANCE or ALPHA_BAR)");
            }
        }

        String output = given.output();
        if (output == null) {
            if (signature.outputs().size() == 1) {
                output = signature.outputs().get(0).name();
            } else {
                missing.add("output (one of " + names(signature.outputs()) + ")");
            }
        }
        if (given.prediction() == null) {
            missing.add("prediction (what the output means: EPS, CHAIN_EPS, X0 or V)");
        }
        if (given.schedule() == null) {
            missing.add("schedule (e.g. {\"name\": \"linear\", \"timesteps\": 250, \"betaStart\": 1e-4, \"betaEnd\": 0.02})");
        }
        if (given.pixels() == null) {
            missing.add("pixels (model values of black and white, e.g. {\"black\": -1, \"white\": 1})");
        }
        SizeFit fit = given.fit();
        if (fit == null && image != null && layout != null) {
            long size = layout == ImageLayout.NHWC ? image.dims()[1] : image.dims()[2];
            if (size == 28) {
                fit = SizeFit.PAD;
            } else {
                missing.add("fit (the model is " + size + "x" + size + ": PAD or RESIZE from 28x28)");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the card for signature '" + signature.key() + "' of " + modelName
                    + " is incomplete; put these in the --card JSON: " + String.join("; ", missing));
        }
        return given.toBuilder().signature(signature.key()).imageInput(imageInput).layout(layout).fit(fit).timeInput(timeInput)
                .time(time).output(output).build();
    }

    /** A classifier card completed from the model, and one line for each value assumed rather than read from it. */
    public record ResolvedClassifier(ClassifierCard card, List<String> assumptions) {
    }

    /** Keras' convention for image classifiers: pixels / 255. */
    public static final PixelRange KERAS_PIXELS = new PixelRange(0.0, 1.0);

    /** Ops whose output is an unnormalised score: a final Dense layer without activation. */
    private static final Set<String> LINEAR_OPS = Set.of("BiasAdd", "MatMul", "Add", "AddV2");

    /**
     * Completes a classifier card from a signature and the graph behind it. The graph settles the image input
     * ([-1,H,W], [-1,H,W,C] or flat [-1,H*W]), the score output (the only rank-2 one) and what it holds (a
     * Softmax op feeding it means probabilities, a linear op logits). The pixel scale is nowhere in a graph: it
     * defaults to Keras' 0..1 and says so in {@link ResolvedClassifier#assumptions()}. card may be null.
     */
    public static ResolvedClassifier resolve(ClassifierCard card, SignatureInfo signature, MetaGraphDef meta, String modelName) {
        ClassifierCard given = card != null ? card : ClassifierCard.builder().build();
        List<String> missing = new ArrayList<>();
        List<String> assumptions = new ArrayList<>();
        String imageInput = given.imageInput();
        if (imageInput == null) {
            List<TensorSpec> images = signature.inputs().stream()
                    .filter(s -> FLOAT_TYPES.contains(s.dtype()) && (s.rank() == 3 || s.rank() == 4 || isFlatImage(s))).toList();
            if (images.size() == 1) {
                imageInput = images.get(0).name();
            } else {
                missing.add("imageInput (one of " + names(signature.inputs()) + ")");
            }
        }
        String output = given.output();
        if (output == null) {
            List<TensorSpec> outputs = signature.outputs().stream().filter(s -> s.rank() == 2).toList();
            if (outputs.size() == 1) {
                output = outputs.get(0).name();
            } else {
                missing.add("output (one of " + names(signature.outputs()) + ")");
            }
        }
        ClassifierCard.Scores scores = given.scores();
        if (scores == null && output != null) {
            Optional<String> producer = OutputTrace.producerOp(meta, signature.output(output).tensorName());
            if (producer.filter("Softmax"::equals).isPresent()) {
                scores = ClassifierCard.Scores.PROBABILITIES;
            } else if (producer.filter(LINEAR_OPS::contains).isPresent()) {
                scores = ClassifierCard.Scores.LOGITS;
            } else {
                missing.add("scores (PROBABILITIES or LOGITS; output '" + output + "' comes from "
                        + producer.map(op -> "a " + op + " op").orElse("an op that could not be traced") + ")");
            }
        }
        PixelRange pixels = given.pixels();
        if (pixels == null) {
            pixels = KERAS_PIXELS;
            assumptions.add("assuming pixels in 0..1 (Keras' convention)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the card for classifier signature '" + signature.key() + "' of " + modelName
                    + " is incomplete; put these in the --card JSON: " + String.join("; ", missing));
        }
        SizeFit fit = given.fit() != null ? given.fit() : SizeFit.PAD;
        ClassifierCard resolved = ClassifierCard.builder().signature(signature.key()).imageInput(imageInput).output(output)
                .scores(scores).pixels(pixels).fit(fit).features(given.featuresSignature(), given.featuresOutput()).build();
        return new ResolvedClassifier(resolved, List.copyOf(assumptions));
    }

    /** A flat float input of a square image, e.g. [-1,784] for a 28x28 MLP. */
    static boolean isFlatImage(TensorSpec spec) {
        if (spec.rank() != 2 || spec.dims()[1] <= 0) {
            return false;
        }
        long side = Math.round(Math.sqrt(spec.dims()[1]));
        return side * side == spec.dims()[1] && side >= 8;
    }

    private static String names(List<TensorSpec> specs) {
        return String.join(", ", specs.stream().map(TensorSpec::toString).toList());
    }
}
