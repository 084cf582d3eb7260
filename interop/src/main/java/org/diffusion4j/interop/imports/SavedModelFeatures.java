package org.diffusion4j.interop.imports;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.diffusion4j.core.classifiers.FeatureExtractor;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.export.ExportManifest;
import org.diffusion4j.interop.inspect.ModelInspection;
import org.diffusion4j.interop.inspect.SavedModelFile;
import org.diffusion4j.interop.inspect.SignatureInfo;
import org.diffusion4j.interop.inspect.SignatureInfo.TensorSpec;
import org.diffusion4j.models.graph.Tensors;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel as the feature space of a Fréchet distance: project images (pixels in [-1, 1], any size, grey or RGB)
 * brought to the model's size and pixel range, grey repeated into RGB when the model wants colour, and fed in chunks.
 */
public final class SavedModelFeatures implements FeatureExtractor {

    /** Large models (InceptionV3 at 299x299) hold big activations per image: small chunks keep memory flat. */
    private static final int CHUNK = 100;

    private final SavedModelBundle bundle;
    private final FeaturesCard card;
    private final int size;
    private final int channels;
    private final int featureSize;
    private final String fingerprint;

    private SavedModelFeatures(SavedModelBundle bundle, FeaturesCard card, TensorSpec image, int featureSize, String fingerprint) {
        this.bundle = bundle;
        this.card = card;
        this.size = (int) image.dims()[1];
        this.channels = (int) image.dims()[3];
        this.featureSize = featureSize;
        this.fingerprint = fingerprint;
    }

    /**
     * Opens the model; card may be null for a diffusion4j classifier export (its manifest names the features signature),
     * else it says which signature, input and output give the features and the pixel range.
     */
    public static SavedModelFeatures open(Path directory, FeaturesCard card, boolean trustModel, int threads) {
        SavedModelFile file = SavedModelFile.read(directory);
        ModelInspection inspection = ModelInspection.of(file, SavedModelFile.SERVE_TAG);
        FeaturesCard given = card != null ? card : ExportManifest.readFrom(directory).map(ExportManifest::classifier)
                .map(FeaturesCard::of).orElse(new FeaturesCard(null, null, null, null, null));
        SignatureInfo signature = SignatureChoice.choose(inspection, given.signature());
        TensorSpec image = only(signature.inputs(), given.imageInput(), "input", signature, "imageInput");
        TensorSpec output = only(signature.outputs(), given.output(), "output", signature, "output");
        long[] dims = image.dims();
        if (image.rank() != 4 || dims[1] <= 0 || dims[1] != dims[2] || (dims[3] != 1 && dims[3] != 3)) {
            throw new IllegalArgumentException("the features model's input '" + image.name() + "' is " + image.shapeText()
                    + "; it must be square NHWC images of a fixed size with 1 or 3 channels, e.g. [-1,299,299,3]");
        }
        if (output.rank() != 2 || output.dims()[1] <= 0) {
            throw new IllegalArgumentException("the features model's output '" + output.name() + "' is " + output.shapeText()
                    + "; a feature model gives one vector per image, [-1,D]: export it with pooling (e.g. pooling=\"avg\")");
        }
        FeaturesCard resolved = new FeaturesCard(signature.key(), image.name(), output.name(), given.pixels(), given.fit());
        SavedModelBundle bundle = GuardedLoader.load(file, List.of(signature.key()), trustModel, threads);
        return new SavedModelFeatures(bundle, resolved, image, (int) output.dims()[1], SavedModelClassifier.fingerprint(directory));
    }

    /** The named tensor, or the only one there is. */
    private static TensorSpec only(List<TensorSpec> specs, String name, String kind, SignatureInfo signature, String cardField) {
        if (name != null) {
            return kind.equals("input") ? signature.input(name) : signature.output(name);
        }
        if (specs.size() != 1) {
            throw new IllegalArgumentException("signature '" + signature.key() + "' has " + specs.size() + " " + kind + "s " + specs
                    + "; name the one to use in the features card's " + cardField);
        }
        return specs.get(0);
    }

    public FeaturesCard card() {
        return card;
    }

    @Override
    public int featureSize() {
        return featureSize;
    }

    @Override
    public float[] features(ImageBatch images) {
        if (images.channels() == 3 && channels == 1) {
            throw new IllegalArgumentException("the features model reads grey images and these are RGB; pass a model that reads colour");
        }
        float[] out = new float[images.count() * featureSize];
        for (int from = 0; from < images.count(); from += CHUNK) {
            int to = Math.min(images.count(), from + CHUNK);
            ImageBatch chunk = images.slice(from, to);
            ImageBatch model = ModelImages.toModel(channels == 3 ? ModelImages.toRgb(chunk) : chunk, card.pixels(), card.fit(), size, size);
            try (TFloat32 x = Tensors.floats(model.pixels(), model.shape());
                 Result result = bundle.function(card.signature()).call(Map.of(card.imageInput(), (Tensor) x))) {
                System.arraycopy(Tensors.toArray((TFloat32) result.get(card.output()).orElseThrow()), 0, out, from * featureSize,
                        (to - from) * featureSize);
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
