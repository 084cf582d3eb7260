package org.diffusion4j.models;

import org.diffusion4j.core.classifiers.Classifier;
import org.diffusion4j.core.classifiers.ClassifierInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Sessions;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.networks.LeNet5;
import org.diffusion4j.core.images.ImageBatch;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The project's LeNet-5 as a judge: an inference-only graph loaded from a classifier folder. Large batches
 * are fed in chunks so a 10,000-image evaluation does not allocate one huge tensor per layer.
 */
public final class LeNetClassifier implements Classifier {

    private static final int CHUNK = 1000;

    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> images;
    private final Operand<TFloat32> probabilities;
    private final Operand<TFloat32> features;
    private final String fingerprint;
    private final ClassifierInput input;

    /** MNIST's LeNet-5 with these weights. */
    public LeNetClassifier(Map<String, ParameterValue> weights, String fingerprint, int threads) {
        this(weights, ClassifierInput.MNIST, fingerprint, threads);
    }

    public LeNetClassifier(Map<String, ParameterValue> weights, ClassifierInput input, String fingerprint, int threads) {
        this.fingerprint = fingerprint;
        this.input = input;
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            LeNet5 lenet = new LeNet5(params, input);
            this.images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, input.imageSize(), input.imageSize(), input.channels())));
            LeNet5.Outputs outputs = lenet.apply(images);
            this.probabilities = tf.withName("probabilities").nn.softmax(outputs.logits());
            this.features = tf.withName("features").identity(outputs.features());
            this.session = Sessions.create(graph, threads);
            params.load(session, weights, false);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** Loads the classifier a folder holds; its fingerprint is a hash of the weights file. */
    public static LeNetClassifier load(ClassifierFolder folder, int threads) {
        folder.requireTrained();
        Map<String, ParameterValue> weights = ParameterFile.read(folder.weightsFile()).values();
        ClassifierInput input = Files.isRegularFile(folder.descriptionFile()) ? folder.readDescription().input() : ClassifierInput.MNIST;
        return new LeNetClassifier(weights, input, fingerprintOf(folder.weightsFile()), threads);
    }

    /** The first 16 hex digits of the SHA-256 of a file: short enough for file names, long enough never to collide here. */
    public static String fingerprintOf(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }

    @Override
    public int height() {
        return input.imageSize();
    }

    @Override
    public int width() {
        return input.imageSize();
    }

    @Override
    public int channels() {
        return input.channels();
    }

    @Override
    public int classes() {
        return input.classes();
    }

    /** What the classifier reads and the names of its classes. */
    public ClassifierInput input() {
        return input;
    }

    @Override
    public int featureSize() {
        return LeNet5.FEATURES;
    }

    @Override
    public float[] probabilities(ImageBatch batch) {
        return run(batch, probabilities, classes());
    }

    @Override
    public float[] features(ImageBatch batch) {
        return run(batch, features, featureSize());
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    private float[] run(ImageBatch batch, Operand<TFloat32> output, int width) {
        if (batch.height() != height() || batch.width() != width() || batch.channels() != channels()) {
            throw new IllegalArgumentException("this LeNet-5 takes " + height() + "x" + width() + "x" + channels() + " images, got "
                    + batch.height() + "x" + batch.width() + "x" + batch.channels() + "; score images of the size and channels it was trained on");
        }
        float[] out = new float[batch.count() * width];
        int imageSize = batch.imageSize();
        for (int from = 0; from < batch.count(); from += CHUNK) {
            int n = Math.min(CHUNK, batch.count() - from);
            float[] pixels = java.util.Arrays.copyOfRange(batch.pixels(), from * imageSize, (from + n) * imageSize);
            try (TFloat32 x = Tensors.floats(pixels, n, height(), width(), channels());
                 Result result = session.runner().feed(images, x).fetch(output).run()) {
                System.arraycopy(Tensors.toArray((TFloat32) result.get(0)), 0, out, from * width, n * width);
            }
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
