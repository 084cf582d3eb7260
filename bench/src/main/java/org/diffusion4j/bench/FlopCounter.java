package org.diffusion4j.bench;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;

/**
 * Counts the FLOPs of a graph from its ops' static shapes. Only ops that a run of the given targets
 * executes are counted (TensorFlow prunes the rest, e.g. the unused gradient with respect to the input
 * images), found by walking data and control inputs back from the targets.
 *
 * <p>Unknown dimensions count as 1: a graph whose batch dimension is unknown (-1) gives per-image FLOPs.
 */
public final class FlopCounter {

    private FlopCounter() {
    }

    /** FLOPs of running the named target ops (outputs or no-ops); no names means the whole graph. */
    public static FlopCount count(Graph graph, Collection<String> targetOpNames) {
        TreeMap<String, Long> byType = new TreeMap<>();
        long total = 0;
        for (GraphOperation op : opsToRun(graph, targetOpNames)) {
            long flops = flopsOf(op);
            if (flops > 0) {
                byType.merge(op.type(), flops, Long::sum);
                total += flops;
            }
        }
        return new FlopCount(total, byType);
    }

    private static Set<GraphOperation> opsToRun(Graph graph, Collection<String> targetOpNames) {
        Set<GraphOperation> seen = new HashSet<>();
        Deque<GraphOperation> pending = new ArrayDeque<>();
        if (targetOpNames.isEmpty()) {
            for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
                seen.add(it.next());
            }
            return seen;
        }
        for (String name : targetOpNames) {
            GraphOperation op = graph.operation(name);
            if (op == null) {
                throw new IllegalArgumentException("no op named '" + name + "' in the graph to count FLOPs from");
            }
            pending.add(op);
        }
        while (!pending.isEmpty()) {
            GraphOperation op = pending.pop();
            if (!seen.add(op)) {
                continue;
            }
            for (Operand<?> input : op.inputs()) {
                pending.add((GraphOperation) input.op());
            }
            pending.addAll(op.controlInputs());
        }
        return seen;
    }

    /** Multiply-adds x2 of one op; 0 for ops that are not counted. */
    static long flopsOf(GraphOperation op) {
        return switch (op.type()) {
            // Forward: output [N, Ho, Wo, Cout], filter [KH, KW, Cin, Cout].
            case "Conv2D", "Conv" -> convolution(op.output(0).shape(), op.input(1).shape(), op);
            // Gradient w.r.t. the input: the forward's output shape is the incoming gradient (input 2).
            case "Conv2DBackpropInput" -> convolution(op.input(2).shape(), op.input(1).shape(), op);
            // Gradient w.r.t. the filter: its output has the filter's shape.
            case "Conv2DBackpropFilter" -> convolution(op.input(2).shape(), op.output(0).shape(), op);
            // Depthwise: every output value is a kernel-sized dot product of one channel; forward and both gradients
            // take the output's (or incoming gradient's) shape times the kernel's height and width.
            case "DepthwiseConv2dNative" -> depthwise(op.output(0).shape(), op.input(1).shape());
            case "DepthwiseConv2dNativeBackpropInput" -> depthwise(op.input(2).shape(), op.input(1).shape());
            case "DepthwiseConv2dNativeBackpropFilter" -> depthwise(op.input(2).shape(), op.output(0).shape());
            case "MatMul" -> matMul(op, "transpose_a", "transpose_b");
            case "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3" -> matMul(op, "adj_x", "adj_y");
            default -> 0;
        };
    }

    private static long convolution(Shape output, Shape filter, GraphOperation op) {
        boolean channelsFirst = "NCHW".equals(op.attributes().getAttrString("data_format"));
        long batch = dim(output, 0);
        long outHeight = dim(output, channelsFirst ? 2 : 1);
        long outWidth = dim(output, channelsFirst ? 3 : 2);
        return 2 * batch * outHeight * outWidth * dim(filter, 0) * dim(filter, 1) * dim(filter, 2) * dim(filter, 3);
    }

    private static long depthwise(Shape output, Shape filter) {
        return 2 * dim(output, 0) * dim(output, 1) * dim(output, 2) * dim(output, 3) * dim(filter, 0) * dim(filter, 1);
    }

    /** [..., M, K] x [..., K, N] with optional transposes; leading dimensions broadcast as in the output. */
    private static long matMul(GraphOperation op, String transposeLeft, String transposeRight) {
        Shape left = op.input(0).shape();
        Shape right = op.input(1).shape();
        Shape output = op.output(0).shape();
        int rank = left.numDimensions();
        boolean leftTransposed = op.attributes().getAttrBool(transposeLeft);
        boolean rightTransposed = op.attributes().getAttrBool(transposeRight);
        long m = dim(left, leftTransposed ? rank - 1 : rank - 2);
        long k = dim(left, leftTransposed ? rank - 2 : rank - 1);
        long n = dim(right, rightTransposed ? right.numDimensions() - 2 : right.numDimensions() - 1);
        long batch = 1;
        for (int i = 0; i < output.numDimensions() - 2; i++) {
            batch *= dim(output, i);
        }
        return 2 * batch * m * k * n;
    }

    private static long dim(Shape shape, int index) {
        if (shape.isUnknown() || index < 0 || index >= shape.numDimensions()) {
            return 1;
        }
        long size = shape.get(index);
        return size < 0 ? 1 : size;
    }
}
