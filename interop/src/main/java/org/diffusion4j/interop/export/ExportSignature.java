package org.diffusion4j.interop.export;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Signature;

/**
 * One signature a model offers, before the exporter stamps it with TF Serving's method name. Models
 * describe their signatures with this instead of building {@link Signature}s so the method name is set in
 * one place and cannot be forgotten.
 */
public record ExportSignature(String key, Map<String, Operand<?>> inputs, Map<String, Operand<?>> outputs) {

    public ExportSignature {
        inputs = new LinkedHashMap<>(inputs);
        outputs = new LinkedHashMap<>(outputs);
    }

    Signature toSignature(String methodName) {
        Signature.Builder builder = Signature.builder(key).methodName(methodName);
        inputs.forEach(builder::input);
        outputs.forEach(builder::output);
        return builder.build();
    }
}
