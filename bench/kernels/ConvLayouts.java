import java.util.List;
import org.tensorflow.*;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;
import org.tensorflow.proto.ConfigProto;

/**
 * Times each 3x3 convolution shape of the U-Net at batch 100 in TensorFlow, three ways: NHWC (what the U-Net runs),
 * NCHW, and patches (ExtractImagePatches) with one matrix product. Argument: timed repetitions (default 20).
 */
public class ConvLayouts {
    public static void main(String[] a) {
        int reps = a.length > 0 ? Integer.parseInt(a[0]) : 20;
        int[][] shapes = {{1,16,28},{16,16,28},{32,16,28},{16,1,28},{16,16,14},{48,32,14},{32,32,14},{48,48,7},{80,48,7},{48,144,7}};
        ConfigProto cfg = ConfigProto.newBuilder().setIntraOpParallelismThreads(2).setInterOpParallelismThreads(1).build();
        for (int[] s : shapes) {
            int ic = s[0], oc = s[1], hw = s[2], n = 100;
            double flops = 2.0 * n * hw * hw * ic * oc * 9;
            StringBuilder line = new StringBuilder(String.format("ic%d oc%d %dx%d:", ic, oc, hw, hw));
            for (String fmt : new String[] {"NHWC", "NCHW", "PATCHES"}) {
                try (Graph g = new Graph(); Session sess = new Session(g, cfg)) {
                    Ops tf = Ops.create(g);
                    Shape xs = fmt.equals("NCHW") ? Shape.of(n, ic, hw, hw) : Shape.of(n, hw, hw, ic);
                    var x = tf.placeholder(TFloat32.class, Placeholder.shape(xs));
                    var wv = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 3, ic, oc)));
                    List<Long> st = List.of(1L, 1L, 1L, 1L);
                    var b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(oc)));
                    org.tensorflow.Operand<TFloat32> out;
                    if (fmt.equals("PATCHES")) {
                        // im2col as one op, then one matrix product: the candidate of issue 25
                        var patches = tf.image.extractImagePatches(x, List.of(1L, 3L, 3L, 1L), st, List.of(1L, 1L, 1L, 1L), "SAME");
                        var rows = tf.reshape(patches, tf.constant(new long[] {(long) n * hw * hw, 9L * ic}));
                        var w2 = tf.reshape(wv, tf.constant(new long[] {9L * ic, oc}));
                        out = tf.nn.biasAdd(tf.linalg.matMul(rows, w2), b);
                    } else {
                        var y = tf.nn.conv2d(x, wv, st, "SAME", Conv2d.dataFormat(fmt));
                        out = tf.nn.biasAdd(y, b, org.tensorflow.op.nn.BiasAdd.dataFormat(fmt));
                    }
                    var sum = tf.reduceSum(out, tf.range(tf.constant(0), tf.rank(out), tf.constant(1)));
                    try (TFloat32 in = TFloat32.tensorOf(xs); TFloat32 wt = TFloat32.tensorOf(Shape.of(3, 3, ic, oc)); TFloat32 bt = TFloat32.tensorOf(Shape.of(oc))) {
                        for (int i = 0; i < 3; i++) try (var r = sess.runner().feed(x, in).feed(wv, wt).feed(b, bt).fetch(sum).run()) { }
                        long t0 = System.nanoTime();
                        for (int i = 0; i < reps; i++) try (var r = sess.runner().feed(x, in).feed(wv, wt).feed(b, bt).fetch(sum).run()) { }
                        double ms = (System.nanoTime() - t0) / 1e6 / reps;
                        line.append(String.format("  %s %.3f ms %.0f GFLOP/s", fmt, ms, flops / ms / 1e6));
                    }
                } catch (Exception e) {
                    line.append("  ").append(fmt).append(" failed: ").append(e.getMessage().lines().findFirst().orElse(""));
                }
            }
            System.out.println(line);
        }
    }
}
