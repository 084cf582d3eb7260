package org.diffusion4j.models;

import org.diffusion4j.core.denoisers.ConditionalDenoiser;

import java.util.Map;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.models.graph.PredictionOps;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.graph.ConvolutionRoute;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.graph.Sessions;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.models.networks.DenoisingNetwork;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.core.images.ImageBatch;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A denoising network (U-Net, ViT or DiT) built in an inference-only graph (no optimizer, no EMA ops) and
 * loaded with trained weights. A class-conditional network answers {@link #predictNoise(ImageBatch, int[])} with its unconditional ("no label")
 * prediction.
 */
public final class NetworkDenoiser implements ConditionalDenoiser {

    private final NetworkConfig config;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> noisyImages;
    private final Placeholder<TInt32> timesteps;
    private final Placeholder<TInt32> labels;
    private final Operand<TFloat32> predictedNoises;
    private final Prediction prediction;

    public NetworkDenoiser(NetworkConfig config, Map<String, ParameterValue> weights, int threads) {
        this(config, weights, threads, Precision.FP32);
    }

    /** precision: how the session computes the prediction (the weights are float32 either way). */
    public NetworkDenoiser(NetworkConfig config, Map<String, ParameterValue> weights, int threads, Precision precision) {
        this(new ModelSpec(config, null), weights, threads, precision);
    }

    /**
     * The network of a run's model spec; a network that predicts the clean image or v answers {@link #predictNoise} with the
     * noise its prediction implies on the spec's schedule (converted in the graph, as exports convert it).
     */
    public NetworkDenoiser(ModelSpec spec, Map<String, ParameterValue> weights, int threads, Precision precision) {
        NetworkConfig config = spec.network();
        this.config = config;
        this.prediction = spec.prediction();
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf, ConvolutionRoute.configured(precision));
            DenoisingNetwork network = config.build(params);
            int size = config.imageSize();
            this.noisyImages = tf.withName("x_t").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, size, size, config.inChannels())));
            this.timesteps = tf.withName("t").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            this.labels = config.conditional()
                    ? tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))) : null;
            Operand<TFloat32> output = network.apply(noisyImages, timesteps, labels);
            this.predictedNoises = tf.withName("eps").identity(prediction == Prediction.EPS ? output
                    : PredictionOps.toNoise(tf, prediction, output, noisyImages, timesteps, spec.noiseSchedule()));
            this.session = Sessions.create(graph, threads, precision);
            params.load(session, weights, false);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    public NetworkConfig config() {
        return config;
    }

    @Override
    public int height() {
        return config.imageSize();
    }

    @Override
    public int width() {
        return config.imageSize();
    }

    @Override
    public int channels() {
        return config.inChannels();
    }

    /** What the network predicts natively; {@link #predictNoise} always answers with noise. */
    @Override
    public Prediction prediction() {
        return prediction;
    }

    /** The network's data units: samples come out multiplied by its pixel scale (document 004's notebook ViT: 0.5). */
    @Override
    public double pixelScale() {
        return config.pixelScale();
    }

    @Override
    public int classes() {
        return config.classes();
    }

    @Override
    public ImageBatch predictNoise(ImageBatch noisy, int[] steps) {
        if (labels == null) {
            return run(noisy, steps, null);
        }
        int[] noLabels = new int[steps.length];
        java.util.Arrays.fill(noLabels, classes());
        return run(noisy, steps, noLabels);
    }

    @Override
    public ImageBatch predictNoise(ImageBatch noisy, int[] steps, int[] classLabels) {
        if (labels == null) {
            throw new IllegalArgumentException("this model was trained without labels; train with --conditional to ask for digits");
        }
        ConditionalDenoiser.checkLabels(this, classLabels, steps.length);
        return run(noisy, steps, classLabels);
    }

    private ImageBatch run(ImageBatch noisy, int[] steps, int[] classLabels) {
        if (noisy.height() != height() || noisy.width() != width() || noisy.channels() != channels()) {
            throw new IllegalArgumentException("this model takes " + height() + "x" + width() + "x" + channels()
                    + " images, got " + noisy.height() + "x" + noisy.width() + "x" + noisy.channels());
        }
        try (TFloat32 x = Tensors.floats(noisy.pixels(), noisy.shape());
             TInt32 t = Tensors.ints(steps, steps.length);
             TInt32 y = classLabels == null ? null : Tensors.ints(classLabels, classLabels.length)) {
            Session.Runner runner = session.runner().feed(noisyImages, x).feed(timesteps, t);
            if (y != null) {
                runner.feed(labels, y);
            }
            try (Result result = runner.fetch(predictedNoises).run()) {
                return noisy.withPixels(Tensors.toArray((TFloat32) result.get(0)));
            }
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
