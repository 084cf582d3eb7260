package org.diffusion4j.interop.export;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.diffusion4j.core.classifiers.ClassifierDescription;
import org.diffusion4j.core.classifiers.ClassifierInput;
import org.diffusion4j.models.ClassifierFolder;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.LeNet5;
import org.diffusion4j.interop.imports.ClassifierCard;
import org.diffusion4j.interop.imports.PixelRange;
import org.diffusion4j.interop.imports.SizeFit;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The project's LeNet-5 as a SavedModel: serving_default = class probabilities, features = the 84-wide
 * penultimate activations the Fréchet LeNet Distance compares, both from one image input. The manifest
 * carries a complete classifier card, so the export loads back as a judge without a --card.
 */
public final class ClassifierExport implements ExportableModel {

    public static final String PROBABILITIES_SIGNATURE = "serving_default";
    public static final String FEATURES_SIGNATURE = "features";
    public static final String IMAGES = "images";
    public static final String PROBABILITIES = "probabilities";
    public static final String FEATURES = "features";

    private final Map<String, ParameterValue> weights;
    private final ClassifierDescription trained;

    /** trained may be null when the weights came without a classifier.json. */
    public ClassifierExport(Map<String, ParameterValue> weights, ClassifierDescription trained) {
        this.weights = weights;
        this.trained = trained;
    }

    /** The classifier that 'diffusion4j classifier train' wrote into {@code folder}. */
    public static ClassifierExport fromFolder(ClassifierFolder folder) {
        folder.requireTrained();
        ClassifierDescription trained = Files.isRegularFile(folder.descriptionFile()) ? folder.readDescription() : null;
        return new ClassifierExport(ParameterFile.read(folder.weightsFile()).values(), trained);
    }

    /** What the exported model reads: MNIST's digits unless the description names a folder's images. */
    private ClassifierInput input() {
        return trained == null ? ClassifierInput.MNIST : trained.input();
    }

    /** The manifest's description of the image input. */
    String inputsText() {
        ClassifierInput input = input();
        return "images: float [-1," + input.imageSize() + "," + input.imageSize() + "," + input.channels() + "] (NHWC, "
                + (input.channels() == 1 ? "grey" : "RGB") + "), pixels in [-1, 1] (black -1, white 1, i.e. byte / 127.5 - 1)";
    }

    @Override
    public List<ExportSignature> build(ParameterStore params) {
        Ops tf = params.ops();
        ClassifierInput input = input();
        LeNet5 lenet = new LeNet5(params, input);
        Placeholder<TFloat32> images = tf.withName(IMAGES).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, input.imageSize(), input.imageSize(), input.channels())));
        LeNet5.Outputs outputs = lenet.apply(images);
        // Both signatures read the same placeholder: one graph, two entry points, no duplicated weights.
        return List.of(
                new ExportSignature(PROBABILITIES_SIGNATURE, Map.of(IMAGES, images),
                        Map.of(PROBABILITIES, tf.withName(PROBABILITIES).nn.softmax(outputs.logits()))),
                new ExportSignature(FEATURES_SIGNATURE, Map.of(IMAGES, images),
                        Map.of(FEATURES, tf.withName(FEATURES).identity(outputs.features()))));
    }

    @Override
    public Map<String, ParameterValue> weights() {
        return weights;
    }

    @Override
    public ExportManifest manifest() {
        ClassifierCard card = ClassifierCard.builder().signature(PROBABILITIES_SIGNATURE).imageInput(IMAGES).output(PROBABILITIES)
                .scores(ClassifierCard.Scores.PROBABILITIES).pixels(PixelRange.PROJECT).fit(SizeFit.PAD)
                .features(FEATURES_SIGNATURE, FEATURES).build();
        return ExportManifest.classifier(card, trained, inputsText(), input().classNames());
    }
}
