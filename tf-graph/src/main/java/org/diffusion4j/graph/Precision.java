package org.diffusion4j.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
