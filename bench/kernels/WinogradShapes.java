import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.models.graph.ConvolutionRoute;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.layers.WinogradConvolution;
import org.diffusion4j.models.networks.NetworkConfig;
import org.diffusion4j.models.networks.NetworkTypes;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Times every 3x3 stride-1 convolution shape of a network four ways: TensorFlow's Conv2D (oneDNN's kernel, when oneDNN
 * is on), the Conv op (Eigen's kernel forward, oneDNN's for the gradients: ConvolutionRoute.CONV), Winograd
 * F(2x2, 3x3) and Winograd F(4x4, 3x3) from WinogradConvolution; each followed by BiasAdd where the
 * network's convolution has a bias. Forward at batch 100 (the sampler's batch), forward and backward (gradients
 * w.r.t. input and kernel, as training needs) at batch 128 (the quality preset's batch). The shapes are read off
 * the network's own graph, so they follow the configuration; the default network, doc000, is the U-Net the quality
 * preset trains (28x28, sides 28, 14 and 7).
 *
 * <p>Run from the repository root, on idle cores (under a minute at 20 repeats for doc000):
 * <pre>
 *   mvn -q -o -pl models -am compile
 *   java -cp models/target/classes:cli/target/diffusion4j.jar bench/kernels/WinogradShapes.java [REPEATS [NETWORK]]
 * </pre>
 * REPEATS: timed calls per cell (default 20; the median is shown). NETWORK: a benchmark name (doc000, doc000-32,
 * rgb32, rgb64, dit). models/target/classes must come first: the jar holds an older copy of the models classes,
 * without WinogradConvolution; any build of cli/target/diffusion4j.jar supplies TensorFlow and the rest.
 */
public class WinogradShapes {

    private static final int FORWARD_BATCH = 100;
    private static final int TRAINING_BATCH = 128;
    private static final int WARM_UP_CALLS = 3;
    private static final List<String> METHODS = List.of("Conv2D", "Conv", "F2X2", "F4X4");

    /** A convolution shape: feature-map side, channels in and out, and whether a bias follows. */
    record ConvShape(int side, int in, int out, boolean biased) {
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String network = args.length > 1 ? args[1] : "doc000";
        NetworkConfig config = NetworkTypes.benchmarks().get(network);
        if (config == null) {
            throw new IllegalArgumentException("unknown network " + network + "; use one of "
                    + NetworkTypes.benchmarks().keySet());
        }
        // As bench/kernels/ConvLayouts.java: both cores inside an op, one op at a time.
        ConfigProto threads = ConfigProto.newBuilder().setIntraOpParallelismThreads(2).setInterOpParallelismThreads(1).build();
        Map<ConvShape, Integer> shapes = threeByThreeConvolutions(config);
        System.out.printf("3x3 stride-1 convolutions of %s; ms per call, median of %d; (x) = Conv2D / the route, "
                + "above 1 the route wins%n", network, repeats);
        System.out.printf("%-22s %5s | %-40s | %-40s%n", "shape", "count", "forward, batch " + FORWARD_BATCH,
                "forward + backward, batch " + TRAINING_BATCH);
        double[][] totals = new double[2][METHODS.size()];
        for (Map.Entry<ConvShape, Integer> entry : shapes.entrySet()) {
            ConvShape shape = entry.getKey();
            double[] forward = new double[METHODS.size()];
            double[] training = new double[METHODS.size()];
            for (int m = 0; m < METHODS.size(); m++) {
                forward[m] = time(shape, METHODS.get(m), FORWARD_BATCH, false, repeats, threads);
                training[m] = time(shape, METHODS.get(m), TRAINING_BATCH, true, repeats, threads);
                totals[0][m] += entry.getValue() * forward[m];
                totals[1][m] += entry.getValue() * training[m];
            }
            String name = String.format("%dx%d %d->%d%s", shape.side(), shape.side(), shape.in(), shape.out(),
                    shape.biased() ? "" : " no bias");
            System.out.printf("%-22s %5d | %s | %s%n", name, entry.getValue(), cells(forward), cells(training));
        }
        System.out.printf("%-22s %5s | %s | %s%n", "all, times count", "", cells(totals[0]), cells(totals[1]));
    }

    /** Conv2D, then each other route with its ratio to Conv2D. */
    private static String cells(double[] ms) {
        StringBuilder line = new StringBuilder(String.format("%8.3f", ms[0]));
        for (int m = 1; m < ms.length; m++) {
            line.append(String.format("  %s %7.3f (%.2fx)", METHODS.get(m), ms[m], ms[0] / ms[m]));
        }
        return line.toString();
    }

    /** The network's 3x3 convolutions that keep the side (stride 1, SAME), counted by shape, in graph order. */
    private static Map<ConvShape, Integer> threeByThreeConvolutions(NetworkConfig config) {
        Map<ConvShape, Integer> shapes = new LinkedHashMap<>();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            var images = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, config.imageSize(), config.imageSize(), config.inChannels())));
            var timesteps = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            var labels = config.conditional() ? tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))) : null;
            config.build(new ParameterStore(tf, ConvolutionRoute.CONV2D)).apply(images, timesteps, labels);
            for (Iterator<GraphOperation> ops = graph.operations(); ops.hasNext(); ) {
                GraphOperation op = ops.next();
                if (!op.type().equals("Conv2D")) {
                    continue;
                }
                Shape input = op.input(0).shape();
                Shape filter = op.input(1).shape();
                Shape output = op.output(0).shape();
                if (filter.size(0) == 3 && filter.size(1) == 3 && output.size(1) == input.size(1)) {
                    boolean biased = op.consumers(0).stream().anyMatch(c -> c.type().equals("BiasAdd"));
                    shapes.merge(new ConvShape((int) input.size(1), (int) filter.size(2), (int) filter.size(3), biased), 1,
                            Integer::sum);
                }
            }
        }
        return shapes;
    }

    /** Median ms of one call: the convolution (and bias) forward, or forward and its gradients w.r.t. input and kernel. */
    private static double time(ConvShape shape, String method, int batch, boolean backward, int repeats, ConfigProto threads) {
        try (Graph graph = new Graph(); Session session = new Session(graph, threads)) {
            Ops tf = Ops.create(graph);
            Shape imageShape = Shape.of(batch, shape.side(), shape.side(), shape.in());
            Shape kernelShape = Shape.of(3, 3, shape.in(), shape.out());
            Shape outputShape = Shape.of(batch, shape.side(), shape.side(), shape.out());
            var x = tf.placeholder(TFloat32.class, Placeholder.shape(imageShape));
            var kernel = tf.placeholder(TFloat32.class, Placeholder.shape(kernelShape));
            var bias = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape.out())));
            Operand<TFloat32> y = switch (method) {
                case "Conv2D" -> ConvolutionRoute.CONV2D.convolve(tf, x, kernel, 1, "SAME");
                case "Conv" -> ConvolutionRoute.CONV.convolve(tf, x, kernel, 1, "SAME");
                default -> WinogradConvolution.apply(tf, x, kernel, WinogradConvolution.Tile.valueOf(method));
            };
            if (shape.biased()) {
                y = tf.nn.biasAdd(y, bias);
            }
            List<Output<?>> targets = new ArrayList<>(List.of(y.asOutput()));
            var upstream = tf.placeholder(TFloat32.class, Placeholder.shape(outputShape));
            if (backward) {
                // The gradient arriving from the layers above is fed, so only the convolution's own backward pass runs.
                targets = Arrays.asList(graph.addGradients("grad", new Output<?>[] {y.asOutput()},
                        new Output<?>[] {x.asOutput(), kernel.asOutput()}, new Output<?>[] {upstream.asOutput()}));
            }
            SplittableRandom random = new SplittableRandom(1);
            try (TFloat32 xs = random(imageShape, random); TFloat32 ks = random(kernelShape, random);
                 TFloat32 bs = random(Shape.of(shape.out()), random); TFloat32 dy = random(outputShape, random)) {
                double[] ms = new double[repeats];
                for (int call = -WARM_UP_CALLS; call < repeats; call++) {
                    Session.Runner runner = session.runner().feed(x, xs).feed(kernel, ks).feed(bias, bs);
                    if (backward) {
                        runner.feed(upstream, dy);
                    }
                    targets.forEach(t -> runner.addTarget(t.op()));
                    long start = System.nanoTime();
                    try (var result = runner.run()) {
                        if (call >= 0) {
                            ms[call] = (System.nanoTime() - start) / 1e6;
                        }
                    }
                }
                Arrays.sort(ms);
                return ms[repeats / 2];
            }
        }
    }

    /** Gaussian values: TFloat32.tensorOf alone leaves the memory uninitialised. */
    private static TFloat32 random(Shape shape, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
    }
}
