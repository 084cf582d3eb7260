package org.diffusion4j.core.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every sampler reproduces, bit for bit, the samples and observer calls recorded in {@link SamplerGolden#RESOURCE}
 * before the samplers were rebuilt on the per-step walk. On another architecture Math.log and Math.pow may round
 * differently in the last bit, so there the pixels are compared to a tight tolerance instead (and the hashes skipped).
 */
class SamplerGoldenTest {

    @Test
    void samplersReproduceTheRecordedBits() throws IOException {
        List<String> expected = readGolden();
        List<String> actual = SamplerGolden.recordAll();
        assertEquals(expected.size(), actual.size(), "lines in the record");
        boolean sameArchitecture = expected.get(1).equals(actual.get(1));
        String run = "";
        for (int line = 0; line < expected.size(); line++) {
            String want = expected.get(line);
            String got = actual.get(line);
            if (want.startsWith("run ")) {
                run = want;
            }
            if (sameArchitecture || want.startsWith("run ") || want.startsWith("#") || want.startsWith("arch ")) {
                assertEqualBits(want, got, run + ", line " + (line + 1));
            } else {
                assertClose(want, got, run + ", line " + (line + 1));
            }
        }
    }

    /** Float.floatToIntBits equality of every value on the line (the record holds those bits in hex). */
    private static void assertEqualBits(String want, String got, String where) {
        String[] expected = want.split(" ");
        String[] actual = got.split(" ");
        assertEquals(expected.length, actual.length, where);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], where + ", field " + i);
        }
    }

    private static void assertClose(String want, String got, String where) {
        String[] expected = want.split(" ");
        String[] actual = got.split(" ");
        assertEquals(expected.length, actual.length, where);
        if (want.startsWith("call ")) {
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], actual[i], where + ", field " + i);
            }
            return;
        }
        int first = want.startsWith("frame ") ? 3 : 1;
        for (int i = 0; i < first; i++) {
            assertEquals(expected[i], actual[i], where + ", field " + i);
        }
        for (int i = first; i < expected.length; i++) {
            float a = Float.intBitsToFloat(Integer.parseUnsignedInt(expected[i], 16));
            float b = Float.intBitsToFloat(Integer.parseUnsignedInt(actual[i], 16));
            assertEquals(a, b, 1e-4 * Math.max(1, Math.abs(a)), where + ", value " + i);
        }
    }

    private static List<String> readGolden() throws IOException {
        try (InputStream in = SamplerGoldenTest.class.getResourceAsStream(SamplerGolden.RESOURCE)) {
            assertNotNull(in, SamplerGolden.RESOURCE + " is missing from the test resources");
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        }
    }
}
