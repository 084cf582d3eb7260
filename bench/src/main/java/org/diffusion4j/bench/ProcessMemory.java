package org.diffusion4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from /proc/self/status. TensorFlow's tensors live in native memory
 * that the JVM does not see, so RSS is the only figure that shows a leak of unclosed tensors.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** Current resident set size in KiB, or -1 where /proc is not available (not Linux). */
    public static long residentKib() {
        return field("VmRSS:");
    }

    /** Peak resident set size ("high water mark") in KiB, or -1 where /proc is not available. */
    public static long peakResidentKib() {
        return field("VmHWM:");
    }

    /** Committed Java heap in KiB: the part of RSS that the garbage collector manages. */
    public static long javaHeapCommittedKib() {
        return Runtime.getRuntime().totalMemory() / 1024;
    }

    private static long field(String name) {
        if (!Files.isReadable(STATUS)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    // "VmRSS:	  123456 kB"
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS, e);
        }
    }
}
