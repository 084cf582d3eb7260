package org.diffusion4j.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where the time of a traced run goes, summed per op type (Conv2D, Mean, ...) over one or more traces. Op
 * times are those TensorFlow records for each node (start to end); with intra-op threads they are wall
 * times, so their shares say what to make faster, not what the processor did.
 */
public final class StepProfile {

    /** One op type's total over the traces: its time per run and share of all ops' time. */
    public record OpTime(String opType, double millisPerRun, double share, int nodes) {
    }

    private final Map<String, long[]> microsByType = new LinkedHashMap<>();
    private int runs;

    public void add(RunMetadata trace) {
        runs++;
        for (DeviceStepStats device : trace.getStepStats().getDevStatsList()) {
            for (NodeExecStats node : device.getNodeStatsList()) {
                String type = opType(node);
                if (type.isEmpty() || type.startsWith("_SOURCE")) {
                    continue;
                }
                long[] total = microsByType.computeIfAbsent(type, k -> new long[2]);
                total[0] += node.getOpEndRelMicros() - node.getOpStartRelMicros();
                total[1]++;
            }
        }
    }

    /** The op types, most expensive first. */
    public List<OpTime> opTimes() {
        double all = microsByType.values().stream().mapToLong(t -> t[0]).sum();
        List<OpTime> times = new ArrayList<>();
        microsByType.forEach((type, total) -> times.add(
                new OpTime(type, total[0] / 1000.0 / runs, all == 0 ? 0 : total[0] / all, (int) (total[1] / runs))));
        times.sort(Comparator.comparingDouble(OpTime::millisPerRun).reversed());
        return times;
    }

    /** The most expensive op types as an aligned table, the rest summed in one line. */
    public String table(int rows) {
        List<OpTime> times = opTimes();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-36s %8s %7s %6s%n", "op type", "ms/run", "share", "nodes"));
        double restMillis = 0;
        double restShare = 0;
        for (int i = 0; i < times.size(); i++) {
            OpTime time = times.get(i);
            if (i < rows) {
                text.append(String.format(Locale.ROOT, "%-36s %8.2f %6.1f%% %6d%n", time.opType(), time.millisPerRun(),
                        100 * time.share(), time.nodes()));
            } else {
                restMillis += time.millisPerRun();
                restShare += time.share();
            }
        }
        if (times.size() > rows) {
            text.append(String.format(Locale.ROOT, "%-36s %8.2f %6.1f%%%n", "(" + (times.size() - rows) + " other types)",
                    restMillis, 100 * restShare));
        }
        return text.toString();
    }

    /** The op type from a node's timeline label, "name = Type(inputs)"; a few kernels leave it blank. */
    private static String opType(NodeExecStats node) {
        String label = node.getTimelineLabel();
        int equals = label.indexOf(" = ");
        if (equals < 0) {
            return label.isEmpty() ? node.getNodeName() : label;
        }
        int paren = label.indexOf('(', equals);
        return label.substring(equals + 3, paren < 0 ? label.length() : paren).trim();
    }
}
