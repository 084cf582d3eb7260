package org.diffusion4j.interop.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** One signature as the proto declares it: key, method name, and its named inputs and outputs. */
public record SignatureInfo(String key, String methodName, List<TensorSpec> inputs, List<TensorSpec> outputs) {

    /** One named tensor of a signature; dims -1 are unknown (e.g. the batch). rank -1: unknown rank. */
    public record TensorSpec(String name, String dtype, long[] dims, String tensorName) {

        public int rank() {
            return dims == null ? -1 : dims.length;
        }

        public String shapeText() {
            if (dims == null) {
                return "<unknown rank>";
            }
            StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < dims.length; i++) {
                text.append(i == 0 ? "" : ",").append(dims[i]);
            }
            return text.append(']').toString();
        }

        @Override
        public String toString() {
            return name + " " + dtype + " " + shapeText();
        }
    }

    /** The signature key TF2 uses for its initializer; it is run by the loader, not callable. */
    public static final String INIT_OP_KEY = "__saved_model_init_op";

    public static SignatureInfo of(String key, SignatureDef def) {
        return new SignatureInfo(key, def.getMethodName(), specs(def.getInputsMap()), specs(def.getOutputsMap()));
    }

    private static List<TensorSpec> specs(Map<String, TensorInfo> tensors) {
        List<TensorSpec> specs = new ArrayList<>();
        tensors.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            TensorInfo info = e.getValue();
            specs.add(new TensorSpec(e.getKey(), dtypeName(info), dims(info.getTensorShape()), info.getName()));
        });
        return specs;
    }

    private static String dtypeName(TensorInfo info) {
        String name = info.getDtype().name();
        return name.startsWith("DT_") ? name.substring(3).toLowerCase(java.util.Locale.ROOT) : name;
    }

    private static long[] dims(TensorShapeProto shape) {
        if (shape.getUnknownRank()) {
            return null;
        }
        return shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    }

    public boolean callable() {
        return !key.equals(INIT_OP_KEY);
    }

    public TensorSpec input(String name) {
        return inputs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "signature '" + key + "' has no input '" + name + "'; its inputs are " + inputs));
    }

    public TensorSpec output(String name) {
        return outputs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "signature '" + key + "' has no output '" + name + "'; its outputs are " + outputs));
    }

    @Override
    public String toString() {
        return key + " (" + (methodName.isEmpty() ? "no method name" : methodName) + "): " + inputs + " -> " + outputs;
    }
}
