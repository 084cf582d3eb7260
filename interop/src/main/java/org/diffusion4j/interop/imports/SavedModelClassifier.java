package org.diffusion4j.interop.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.diffusion4j.core.classifiers.Classifier;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.inspect.ModelInspection;
import org.diffusion4j.interop.inspect.SavedModelFile;
import org.diffusion4j.interop.inspect.SignatureInfo;
import org.diffusion4j.interop.inspect.SignatureInfo.TensorSpec;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * A {@link Classifier} backed by a SavedModel signature (e.g. a Keras model.export), so an independent,
 * externally trained model can judge generated digits. Takes project images (pixels in [-1, 1], 28x28)
 * and converts them to the model's pixel scale and size.
 */
public final class SavedModelClassifier implements Classifier {

    private static final int CHUNK = 1000;

    private final SavedModelBundle bundle;
    private final ClassifierCard card;
    private final List<String> assumptions;
    private final TensorSpec image;
    private final int height;
    private final int width;
    private final int channels;
    private final int classes;
    private final int featureSize;
    private final String fingerprint;

    private SavedModelClassifier(SavedModelBundle bundle, ClassifierCard card, List<String> assumptions, TensorSpec image, int classes,
                                 int featureSize, String fingerprint) {
        this.bundle = bundle;
        this.card = card;
        this.assumptions = assumptions;
        this.image = image;
        // A flat input [-1, H*W] holds a square image row by row.
        this.height = image.rank() == 2 ? (int) Math.round(Math.sqrt(image.dims()[1])) : (int) image.dims()[1];
        this.width = image.rank() == 2 ? height : (int) image.dims()[2];
        this.channels = image.rank() == 4 ? (int) image.dims()[3] : 1;
        this.classes = classes;
        this.featureSize = featureSize;
        this.fingerprint = fingerprint;
    }

    /**
     * card may be null (a diffusion4j classifier export brings its own; otherwise what the graph settles is
     * discovered, the pixel scale assumed to be Keras' 0..1 and listed in {@link #assumptions()}, and anything
     * else asked for) or partial; signature overrides the card's.
     */
    public static SavedModelClassifier open(Path directory, ClassifierCard card, String signature, boolean trustModel, int threads) {
        SavedModelFile file = SavedModelFile.read(directory);
        ModelInspection inspection = ModelInspection.of(file, SavedModelFile.SERVE_TAG);
        ClassifierCard given = card != null ? card : ExportManifest.readFrom(directory).map(ExportManifest::classifier)
                .orElseGet(() -> ClassifierCard.builder().build());
        SignatureInfo chosen = SignatureChoice.choose(inspection, signature != null ? signature : given.signature());
        CardResolver.ResolvedClassifier resolution = CardResolver.resolve(given, chosen, file.metaGraph(SavedModelFile.SERVE_TAG),
                directory.toString());
        ClassifierCard resolved = resolution.card();
        String imageInput = resolved.imageInput();
        String output = resolved.output();
        TensorSpec image = chosen.input(imageInput);
        if (image.rank() < 2 || image.rank() > 4) {
            throw new IllegalArgumentException("image input '" + imageInput + "' has shape " + image.shapeText()
                    + "; expected [-1,H,W], [-1,H,W,C] or flat [-1,H*W]: name the right input in the card's imageInput");
        }
        long[] dims = image.dims();
        if (dims[1] <= 0 || (image.rank() > 2 && dims[2] <= 0)) {
            throw new IllegalArgumentException("image input '" + imageInput + "' has no fixed size: " + image.shapeText()
                    + "; export the model with a fixed image size");
        }
        if (image.rank() == 2 && !CardResolver.isFlatImage(image)) {
            throw new IllegalArgumentException("image input '" + imageInput + "' is " + image.shapeText()
                    + ", not a flat square image such as [-1,784]; pass a --card naming the image input");
        }
        int classes = (int) chosen.output(output).dims()[1];
        List<String> signatures = new ArrayList<>(List.of(chosen.key()));
        int featureSize = 0;
        if (given.featuresSignature() != null) {
            SignatureInfo features = SignatureChoice.choose(inspection, given.featuresSignature());
            featureSize = (int) features.output(given.featuresOutput()).dims()[1];
            signatures.add(features.key());
        }
        SavedModelBundle bundle = GuardedLoader.load(file, signatures, trustModel, threads);
        return new SavedModelClassifier(bundle, resolved, resolution.assumptions(), image, classes, featureSize, fingerprint(directory));
    }

    /** A hash of the graph and the variables index: changes whenever the model does. */
    static String fingerprint(Path directory) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path part : List.of(directory.resolve("saved_model.pb"), directory.resolve("variables/variables.index"))) {
                if (Files.isRegularFile(part)) {
                    try (InputStream in = new DigestInputStream(Files.newInputStream(part), digest)) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
            }
            return "savedmodel-" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + directory, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public ClassifierCard card() {
        return card;
    }

    /** One line for each card value assumed rather than given or read from the graph, e.g. the pixel scale. */
    public List<String> assumptions() {
        return assumptions;
    }

    @Override
    public int height() {
        return 28;
    }

    @Override
    public int width() {
        return 28;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int featureSize() {
        return featureSize;
    }

    @Override
    public float[] probabilities(ImageBatch images) {
        float[] scores = run(card.signature(), card.output(), images);
        return card.scores() == ClassifierCard.Scores.PROBABILITIES ? scores : softmax(scores);
    }

    @Override
    public float[] features(ImageBatch images) {
        if (card.featuresSignature() == null) {
            throw new IllegalArgumentException("this imported classifier has no features signature; set featuresSignature and "
                    + "featuresOutput in its card to use it for Fréchet distances");
        }
        return run(card.featuresSignature(), card.featuresOutput(), images);
    }

    /** Feeds large batches in chunks, so judging 10,000 images does not hold every layer's activations for all of them. */
    private float[] run(String signature, String output, ImageBatch images) {
        float[] out = new float[0];
        for (int from = 0; from < images.count(); from += CHUNK) {
            int to = Math.min(images.count(), from + CHUNK);
            float[] chunk = runChunk(signature, output, images.slice(from, to));
            int columns = chunk.length / (to - from);
            if (from == 0) {
                out = new float[images.count() * columns];
            }
            System.arraycopy(chunk, 0, out, from * columns, chunk.length);
        }
        return out;
    }

    private float[] runChunk(String signature, String output, ImageBatch images) {
        ImageBatch model = ModelImages.toModel(images, card.pixels(), card.fit(), height, width);
        long[] shape = switch (image.rank()) {
            case 4 -> model.shape();
            case 3 -> new long[] {model.count(), height, width};
            default -> new long[] {model.count(), (long) height * width};
        };
        try (TFloat32 x = Tensors.floats(model.pixels(), shape);
             Result result = bundle.function(signature).call(Map.of(card.imageInput(), (Tensor) x))) {
            return Tensors.toArray((TFloat32) result.get(output).orElseThrow());
        }
    }

    private float[] softmax(float[] logits) {
        float[] out = new float[logits.length];
        for (int row = 0; row < logits.length / classes; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[row * classes + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[row * classes + k] - max);
            }
            for (int k = 0; k < classes; k++) {
                out[row * classes + k] = (float) (Math.exp(logits[row * classes + k] - max) / sum);
            }
        }
        return out;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
