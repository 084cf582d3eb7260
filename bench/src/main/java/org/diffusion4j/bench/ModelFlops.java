package org.diffusion4j.bench;

import java.util.List;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.networks.DenoisingNetwork;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.core.schedules.NoiseSchedule;
import org.diffusion4j.training.TrainingGraph;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** FLOPs per image of a denoising network's forward pass and of a whole training step, counted from their graphs. */
public final class ModelFlops {

    private static final String FORWARD_OUTPUT = "predicted_noise";

    private ModelFlops() {
    }

    /**
     * The forward pass of one image, built in a throwaway graph whose batch is 1, so that every shape is
     * static, also where a network folds its tokens into the batch dimension (the DiT); the same graph as the
     * denoiser's, built by the same {@link NetworkConfig#build}. Conditional networks get a label input.
     */
    public static FlopCount forwardPerImage(NetworkConfig config) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            DenoisingNetwork network = config.build(new ParameterStore(tf));
            int size = config.imageSize();
            Placeholder<TFloat32> images = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(1, size, size, config.inChannels())));
            Placeholder<TInt32> timesteps = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(1)));
            Placeholder<TInt32> labels = config.conditional()
                    ? tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(1))) : null;
            Operand<TFloat32> output = network.apply(images, timesteps, labels);
            tf.withName(FORWARD_OUTPUT).identity(output);
            return FlopCounter.count(graph, List.of(FORWARD_OUTPUT));
        }
    }

    /** Everything one training step runs (forward, backward, Adam, EMA) for one image, from a batch-1 graph. */
    public static FlopCount trainingStepPerImage(NetworkConfig config, NoiseSchedule schedule) {
        try (TrainingGraph training = TrainingGraph.withFixedBatch(config, schedule, 1)) {
            return FlopCounter.count(training.graph(), List.of(TrainingGraph.STEP_OP_NAME));
        }
    }
}
