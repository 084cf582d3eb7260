package org.diffusion4j.models.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The arithmetic a session runs a float32 graph in. Variables, checkpoints, the optimizer's update and the
 * loss always stay float32; only how TensorFlow computes in between changes, so a run can switch at any
 * time and its files stay the same.
 */
public enum Precision {
    /** Everything in float32: the reference. */
    FP32,
    /**
     * Mixed bfloat16: TensorFlow's oneDNN pass (auto_mixed_precision_onednn_bfloat16) rewrites
     * convolutions, matrix products and the element-wise ops around them to bfloat16 where its op lists
     * allow; the variables and their updates stay float32. On processors with AMX or AVX-512 BF16 (Intel
     * Sapphire Rapids and later) the convolutions run on the bfloat16 units; elsewhere oneDNN emulates them
     * and it is slower.
     */
    BF16;

    /** Parses "fp32" or "bf16" (any case), with a message naming the choices. */
    public static Precision parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown precision '" + text + "'; use fp32 or bf16");
        }
    }

    /**
     * Whether this processor computes this precision natively: always for FP32; for BF16 when /proc/cpuinfo
     * lists amx_bf16 or avx512_bf16 (false where the file cannot be read, such as on macOS or Windows).
     */
    public boolean nativeOnThisCpu() {
        if (this == FP32) {
            return true;
        }
        try {
            String flags = Files.readString(Path.of("/proc/cpuinfo"));
            return flags.contains(" amx_bf16") || flags.contains(" avx512_bf16");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The environment variable through which TensorFlow's mixed-precision pass takes ops off its bfloat16 list.
     * It is read from the process environment only, so a running JVM cannot set it for itself: the
     * {@code diffusion4j} launcher and the test configuration set it.
     */
    public static final String ALLOWLIST_REMOVE_VARIABLE = "TF_AUTO_MIXED_PRECISION_GRAPH_REWRITE_ALLOWLIST_REMOVE";

    /**
     * The op a bfloat16 training graph must keep in float32. oneDNN 3.5 (TF Java 1.1.0) computes a bfloat16
     * convolution's gradient with respect to its input wrongly on AVX-512 BF16 processors: on AMD Zen 5 the
     * gradients of one step came out at cosine 0.36 to 0.81 with the float32 ones, differed from run to run, and
     * went to NaN within a few steps (docs/PERFORMANCE.md). Kept in float32, the gradients agree to 0.7%.
     */
    public static final String FLOAT32_GRADIENT_OP = "Conv2DBackpropInput";

    /** Whether a graph that differentiates through convolutions can run in this precision here; empty if it can. */
    public Optional<String> trainingProblem() {
        return trainingProblem(System.getenv(), nativeOnThisCpu());
    }

    /** {@link #trainingProblem()} for a given environment and processor, so that every case can be tested. */
    public Optional<String> trainingProblem(Map<String, String> environment, boolean nativeUnits) {
        if (this == FP32) {
            return Optional.empty();
        }
        if (!nativeUnits) {
            return Optional.of("bf16 training needs bfloat16 units (amx_bf16 or avx512_bf16 in /proc/cpuinfo): oneDNN's "
                    + "emulation is slower than fp32 and its gradients measured far from float32's; use --precision fp32");
        }
        String removed = environment.getOrDefault(ALLOWLIST_REMOVE_VARIABLE, "");
        if (Arrays.stream(removed.split(",")).map(String::trim).noneMatch(FLOAT32_GRADIENT_OP::equals)) {
            return Optional.of("bf16 training needs " + ALLOWLIST_REMOVE_VARIABLE + "=" + FLOAT32_GRADIENT_OP
                    + " in the environment (oneDNN's bfloat16 input gradient of a convolution is wrong on this CPU); "
                    + "the diffusion4j launcher sets it, or use --precision fp32");
        }
        return Optional.empty();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
