package org.diffusion4j.interop.imports;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.diffusion4j.core.denoisers.ConditionalDenoiser;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.inspect.ModelInspection;
import org.diffusion4j.interop.inspect.SavedModelFile;
import org.diffusion4j.interop.inspect.SignatureInfo;
import org.diffusion4j.interop.inspect.SignatureInfo.TensorSpec;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A {@link org.diffusion4j.core.denoisers.Denoiser} backed by one signature of a SavedModel, driven as its {@link DenoiserCard} says. It
 * works in the model's own pixel space (samplers start from N(0, I) there) and always answers with the
 * closed-form noise, converting x0 or v predictions; a per-step (CHAIN_EPS) prediction is passed through
 * unchanged, since only the chain sampler can use it.
 */
public final class SavedModelDenoiser implements ConditionalDenoiser {

    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final DenoiserCard card;
    private final NoiseSchedule schedule;
    private final TensorSpec timeSpec;
    private final int height;
    private final int width;
    private final int channels;

    private SavedModelDenoiser(SavedModelBundle bundle, DenoiserCard card, SignatureInfo signature) {
        this.bundle = bundle;
        this.card = card;
        this.schedule = card.schedule().create();
        this.function = bundle.function(card.signature());
        long[] dims = signature.input(card.imageInput()).dims();
        boolean nhwc = card.layout() == ImageLayout.NHWC;
        long h = nhwc ? dims[1] : dims[2];
        long w = nhwc ? dims[2] : dims[3];
        long c = nhwc ? dims[3] : dims[1];
        if (h <= 0 || w <= 0 || c <= 0) {
            throw new IllegalArgumentException("input '" + card.imageInput() + "' of '" + card.signature() + "' has no fixed image size ("
                    + signature.input(card.imageInput()).shapeText() + "); only fixed-size models can be sampled");
        }
        this.height = (int) h;
        this.width = (int) w;
        this.channels = (int) c - (card.time() == TimeFeeding.SINUSOIDAL_CHANNEL ? 1 : 0);
        this.timeSpec = card.timeInput() != null ? signature.input(card.timeInput()) : null;
        signature.output(card.output());
        if (card.labelsInput() != null) {
            signature.input(card.labelsInput());
        }
        for (SignatureInfo.TensorSpec input : signature.inputs()) {
            if (!input.name().equals(card.imageInput()) && !input.name().equals(card.timeInput())
                    && !input.name().equals(card.labelsInput())) {
                throw new IllegalArgumentException("signature '" + card.signature() + "' also takes input '" + input.name()
                        + "', which a denoiser card cannot feed" + (input.name().contains("label")
                        ? "; if it takes class labels, set labelsInput and classes in the --card JSON" : "; pick another signature"));
            }
        }
    }

    @Override
    public int classes() {
        return card.classes() == null ? 0 : card.classes();
    }

    /**
     * Opens {@code directory}: card may be null (a diffusion4j export brings its own; otherwise what the
     * signature settles is discovered and the rest asked for), signature overrides the card's.
     */
    public static SavedModelDenoiser open(Path directory, DenoiserCard card, String signature, boolean trustModel, int threads) {
        SavedModelFile file = SavedModelFile.read(directory);
        ModelInspection inspection = ModelInspection.of(file, SavedModelFile.SERVE_TAG);
        DenoiserCard given = card;
        if (given == null) {
            Optional<ExportManifest> manifest = ExportManifest.readFrom(directory);
            given = manifest.map(ExportManifest::denoiser).orElse(null);
        }
        String key = signature != null ? signature : given != null ? given.signature() : null;
        SignatureInfo chosen = SignatureChoice.choose(inspection, key);
        DenoiserCard resolved = CardResolver.resolve(given, chosen, directory.toString());
        SavedModelBundle bundle = GuardedLoader.load(file, List.of(chosen.key()), trustModel, threads);
        try {
            return new SavedModelDenoiser(bundle, resolved, chosen);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    public DenoiserCard card() {
        return card;
    }

    /** The schedule the model was trained with, from its card. */
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** The card's: predictNoise converts x0 and v to the closed-form noise, and passes eps and chain eps through. */
    @Override
    public Prediction prediction() {
        return card.prediction();
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int channels() {
        return channels;
    }

    /** For a conditional model: the unconditional ("no label") prediction. */
    @Override
    public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) {
        if (card.labelsInput() == null) {
            return predict(noisy, timesteps, null);
        }
        int[] noLabels = new int[timesteps.length];
        java.util.Arrays.fill(noLabels, classes());
        return predict(noisy, timesteps, noLabels);
    }

    @Override
    public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps, int[] labels) {
        if (card.labelsInput() == null) {
            throw new IllegalArgumentException("this model takes no class labels: its card has no labelsInput");
        }
        ConditionalDenoiser.checkLabels(this, labels, timesteps.length);
        return predict(noisy, timesteps, labels);
    }

    private ImageBatch predict(ImageBatch noisy, int[] timesteps, int[] labels) {
        if (noisy.height() != height || noisy.width() != width || noisy.channels() != channels) {
            throw new IllegalArgumentException("this model takes " + height + "x" + width + "x" + channels + " images, got "
                    + noisy.height() + "x" + noisy.width() + "x" + noisy.channels());
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        try {
            inputs.put(card.imageInput(), imageTensor(noisy, timesteps));
            if (timeSpec != null) {
                inputs.put(card.timeInput(), timeTensor(timesteps));
            }
            if (labels != null) {
                inputs.put(card.labelsInput(), Tensors.ints(labels, labels.length));
            }
            try (Result result = function.call(inputs)) {
                Tensor output = result.get(card.output()).orElseThrow();
                if (!(output instanceof TFloat32 floats) || output.shape().size() != noisy.pixels().length) {
                    throw new IllegalStateException("output '" + card.output() + "' of '" + card.signature() + "' is "
                            + output.dataType() + " " + output.shape() + ", expected float32 of the image's shape");
                }
                float[] values = Tensors.toArray(floats);
                float[] nhwc = card.layout() == ImageLayout.NHWC ? values : Layouts.nchwToNhwc(values, noisy.count(), channels, height, width);
                return card.prediction().toNoise(noisy, noisy.withPixels(nhwc), timesteps, schedule);
            }
        } finally {
            inputs.values().forEach(Tensor::close);
        }
    }

    private Tensor imageTensor(ImageBatch noisy, int[] timesteps) {
        float[] pixels = noisy.pixels();
        int c = channels;
        if (card.time() == TimeFeeding.SINUSOIDAL_CHANNEL) {
            // The model reads time from one more channel: the code of t, laid out over the image row by row.
            c = channels + 1;
            pixels = SinusoidalTimeCode.appendChannel(noisy, timesteps);
        }
        if (card.layout() == ImageLayout.NCHW) {
            return Tensors.floats(Layouts.nhwcToNchw(pixels, noisy.count(), height, width, c), noisy.count(), c, height, width);
        }
        return Tensors.floats(pixels, noisy.count(), height, width, c);
    }

    private Tensor timeTensor(int[] timesteps) {
        int n = timesteps.length;
        long[] dims = timeSpec.dims();
        // Match the declared rank: [batch], [batch, 1] or [batch, 1, 1, 1].
        long[] shape = new long[Math.max(1, dims == null ? 1 : dims.length)];
        java.util.Arrays.fill(shape, 1);
        shape[0] = n;
        double[] values = new double[n];
        double[] alphaBars = schedule.alphaBars();
        for (int i = 0; i < n; i++) {
            int t = timesteps[i];
            values[i] = switch (card.time()) {
                case STEP -> t;
                case UNIT_INTERVAL -> schedule.timesteps() == 1 ? 0 : (double) t / (schedule.timesteps() - 1);
                case NOISE_VARIANCE -> 1.0 - alphaBars[t];
                case ALPHA_BAR -> alphaBars[t];
                case SINUSOIDAL_CHANNEL -> throw new IllegalStateException("no time input with SINUSOIDAL_CHANNEL");
            };
        }
        Shape tensorShape = Shape.of(shape);
        return switch (timeSpec.dtype()) {
            case "int32" -> TInt32.tensorOf(tensorShape, DataBuffers.of(java.util.Arrays.stream(values).mapToInt(v -> (int) v).toArray(), true, false));
            case "int64" -> TInt64.tensorOf(tensorShape, DataBuffers.of(java.util.Arrays.stream(values).mapToLong(v -> (long) v).toArray(), true, false));
            case "double" -> TFloat64.tensorOf(tensorShape, DataBuffers.of(values, true, false));
            case "float" -> {
                float[] floats = new float[n];
                for (int i = 0; i < n; i++) {
                    floats[i] = (float) values[i];
                }
                yield TFloat32.tensorOf(tensorShape, DataBuffers.of(floats, true, false));
            }
            default -> throw new IllegalArgumentException("time input '" + card.timeInput() + "' has type " + timeSpec.dtype()
                    + "; only int32, int64, float and double are supported");
        };
    }

    @Override
    public void close() {
        bundle.close();
    }
}
