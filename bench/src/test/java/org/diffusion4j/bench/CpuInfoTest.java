package org.diffusion4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuInfoTest {

    @Test
    void readsTheFirstProcessorsModelAndKernelFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cpuinfo");
        Files.writeString(file, """
                processor\t: 0
                vendor_id\t: GenuineIntel
                cpu family\t: 6
                model\t\t: 207
                model name\t: Intel(R) Xeon(R) Processor
                flags\t\t: fpu sse2 avx avx2 fma avx512f avx512_bf16 amx_tile amx_bf16 ht

                processor\t: 1
                vendor_id\t: AuthenticAMD
                """);
        Map<String, String> cpu = CpuInfo.describe(file);
        assertEquals("GenuineIntel", cpu.get("cpu_vendor"));
        assertEquals("Intel(R) Xeon(R) Processor", cpu.get("cpu_model"));
        assertEquals("family 6 model 207", cpu.get("cpu_family_model"));
        assertEquals("avx avx2 fma avx512f avx512_bf16 amx_tile amx_bf16", cpu.get("cpu_flags"));
    }

    @Test
    void aMissingFileGivesUnknownRatherThanAnError(@TempDir Path dir) {
        Map<String, String> cpu = CpuInfo.describe(dir.resolve("absent"));
        assertEquals("(unknown)", cpu.get("cpu_model"));
        assertEquals("", cpu.get("cpu_flags"));
    }
}
