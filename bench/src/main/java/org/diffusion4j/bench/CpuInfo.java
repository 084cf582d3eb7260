package org.diffusion4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor a benchmark ran on, so figures from an AMD and an Intel machine are never compared blindly:
 * vendor, model name, family/model numbers and the instruction-set extensions oneDNN picks kernels by.
 */
final class CpuInfo {

    /** The flags that change which matrix and convolution kernels run. */
    static final List<String> KERNEL_FLAGS = List.of("avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni",
            "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "amx_int8", "avx_vnni");

    private CpuInfo() {
    }

    /** Keys cpu_vendor, cpu_model, cpu_family_model and cpu_flags; "(unknown)" where the system does not say. */
    static Map<String, String> describe(Path cpuinfo) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                if (line.isBlank()) {
                    break;
                }
                if (colon > 0) {
                    fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no permission: the report says unknown rather than failing the benchmark.
        }
        Map<String, String> described = new LinkedHashMap<>();
        described.put("cpu_vendor", fields.getOrDefault("vendor_id", "(unknown)"));
        described.put("cpu_model", fields.getOrDefault("model name", "(unknown)"));
        described.put("cpu_family_model", fields.containsKey("cpu family")
                ? "family " + fields.get("cpu family") + " model " + fields.getOrDefault("model", "?") : "(unknown)");
        Set<String> present = new TreeSet<>(List.of(fields.getOrDefault("flags", "").split("\\s+")));
        described.put("cpu_flags", String.join(" ", KERNEL_FLAGS.stream().filter(present::contains).toList()));
        return described;
    }
}
