package org.diffusion4j.training.bench;

import java.util.List;
import org.diffusion4j.graph.ParameterStore;
import org.diffusion4j.graph.models.UNet;
import org.diffusion4j.graph.models.UNetConfig;
import org.diffusion4j.training.TrainingGraph;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** FLOPs per image of a U-Net's forward pass and of a whole training step, counted from their graphs. */
public final class ModelFlops {

    private static final String FORWARD_OUTPUT = "predicted_noise";

    private ModelFlops() {
    }

    /**
     * The forward pass, built in a throwaway graph with an unknown batch dimension (so the count is per
     * image); the same graph as the denoiser's, which is built by the same {@link UNet}.
     */
    public static FlopCount forwardPerImage(UNetConfig config) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            UNet unet = new UNet(new ParameterStore(tf), config);
            int size = config.imageSize();
            Placeholder<TFloat32> images = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, size, size, config.inChannels())));
            Placeholder<TInt32> timesteps = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Operand<TFloat32> output = unet.apply(images, timesteps);
            tf.withName(FORWARD_OUTPUT).identity(output);
            return FlopCounter.count(graph, List.of(FORWARD_OUTPUT));
        }
    }

    /** Everything one training step runs (forward, backward, Adam, EMA), per image of the batch. */
    public static FlopCount trainingStepPerImage(TrainingGraph training) {
        return FlopCounter.count(training.graph(), List.of(TrainingGraph.STEP_OP_NAME));
    }
}
