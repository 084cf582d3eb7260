package org.diffusion4j.models.networks;

import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.Tensors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import java.util.List;
import org.diffusion4j.core.classifiers.ClassifierInput;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeNet5Test {

    @Test
    void document000LeNetHasExactly44426Parameters() {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            new LeNet5(params);
            // 156 + 2,416 (convolutions) + 30,840 + 10,164 + 850 (dense layers)
            assertEquals(44_426, params.trainableParameterCount());
        }
    }

    @Test
    void forwardPassGivesTenLogitsAndEightyFourNonNegativeFeatures() {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ParameterStore params = new ParameterStore(tf);
            LeNet5 lenet = new LeNet5(params);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            LeNet5.Outputs outputs = lenet.apply(x);
            params.load(session, params.initialValues(3), false);
            float[] pixels = new float[2 * 28 * 28];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.cos(0.37 * i);
            }
            try (TFloat32 images = Tensors.floats(pixels, 2, 28, 28, 1);
                 Result result = session.runner().feed(x, images).fetch(outputs.logits()).fetch(outputs.features()).run()) {
                assertEquals(Shape.of(2, 10), result.get(0).shape());
                assertEquals(Shape.of(2, 84), result.get(1).shape());
                for (float feature : Tensors.toArray((TFloat32) result.get(1))) {
                    assertEquals(true, feature >= 0, "features come after a relu");
                }
            }
        }
    }

    @Test
    void onAColourFolderTheSameLayersTakeItsSizeChannelsAndClasses() {
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            List<String> nine = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i");
            new LeNet5(params, new ClassifierInput(32, 3, nine));
            // conv 5x5x3x6 + 6, conv 5x5x6x16 + 16, dense (5*5*16=400)x120 + 120, 120x84 + 84, 84x9 + 9
            assertEquals(456 + 2_416 + 48_120 + 10_164 + 765, params.trainableParameterCount());
        }
    }

    @Test
    void sizesThatDoNotSurviveBothPoolingsEvenlyAreRefused() {
        for (int size : new int[] {12, 30, 34}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> LeNet5.requireReadable(new ClassifierInput(size, 1, List.of("a", "b"))));
            assertTrue(refused.getMessage().contains("LeNet-5 cannot read " + size + "x" + size), refused.getMessage());
        }
        for (int size : new int[] {16, 28, 32, 64}) {
            assertEquals(size, LeNet5.requireReadable(new ClassifierInput(size, 3, List.of("a", "b"))).imageSize());
        }
    }
}
