package org.diffusion4j.interop.keras;

import java.nio.file.Path;
import java.util.Map;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.graph.Sessions;
import org.diffusion4j.models.graph.Tensors;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.interop.imports.SinusoidalTimeCode;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The tw-diffusion denoiser built in Java ({@link TwDiffusionNet}) with its weights read straight from the
 * Keras TF2 checkpoint. Predicts the per-step (chain) noise; the time code is made in Java.
 */
public final class TwCheckpointDenoiser implements Denoiser {

    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> embedded;
    private final Operand<TFloat32> noise;

    public TwCheckpointDenoiser(Path checkpoint, int threads) {
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            TwDiffusionNet net = new TwDiffusionNet(params);
            this.embedded = tf.withName("x_t_embedded").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, TwDiffusionNet.SIZE, TwDiffusionNet.SIZE, 2)));
            this.noise = tf.withName("noise").identity(net.apply(embedded));
            Map<String, ParameterValue> weights = Tf2Checkpoint.read(checkpoint, net.checkpointKeys());
            this.session = Sessions.create(graph, threads);
            params.load(session, weights, false);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** The Keras network predicts one forward chain step's noise, which only the chain sampler inverts. */
    @Override
    public org.diffusion4j.core.denoisers.Prediction prediction() {
        return org.diffusion4j.core.denoisers.Prediction.CHAIN_EPS;
    }

    @Override
    public int height() {
        return TwDiffusionNet.SIZE;
    }

    @Override
    public int width() {
        return TwDiffusionNet.SIZE;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) {
        if (noisy.height() != TwDiffusionNet.SIZE || noisy.width() != TwDiffusionNet.SIZE || noisy.channels() != 1) {
            throw new IllegalArgumentException("the tw-diffusion model takes 32x32x1 images, got "
                    + noisy.height() + "x" + noisy.width() + "x" + noisy.channels());
        }
        try (TFloat32 x = Tensors.floats(SinusoidalTimeCode.appendChannel(noisy, timesteps), noisy.count(), TwDiffusionNet.SIZE,
                TwDiffusionNet.SIZE, 2);
             Result result = session.runner().feed(embedded, x).fetch(noise).run()) {
            return noisy.withPixels(Tensors.toArray((TFloat32) result.get(0)));
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
