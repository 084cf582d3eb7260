package org.diffusion4j.cli;

import org.diffusion4j.models.graph.Precision;
import picocli.CommandLine.Option;

/** The --precision option of the commands that run a network: float32 or mixed bfloat16. */
final class PrecisionOption {

    @Option(names = "--precision", paramLabel = "fp32|bf16",
            description = "fp32 (default) or bf16: mixed bfloat16, about 1.3x faster training and 1.4x faster sampling "
                    + "on CPUs with AMX (Intel Sapphire Rapids and later); weights and checkpoints stay float32")
    String precision;

    boolean given() {
        return precision != null;
    }

    Precision value() {
        return precision == null ? Precision.FP32 : Precision.parse(precision);
    }

    /** bf16 on a processor without bfloat16 units still works, but oneDNN emulates it: say so once. */
    static void warnIfEmulated(Precision chosen) {
        if (!chosen.nativeOnThisCpu()) {
            System.err.println("warning: this processor has no bfloat16 units (no amx_bf16 or avx512_bf16 in /proc/cpuinfo); "
                    + chosen.label() + " is emulated and slower than fp32 here: use --precision fp32");
        }
    }
}
