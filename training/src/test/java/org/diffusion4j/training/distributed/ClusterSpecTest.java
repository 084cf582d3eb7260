package org.diffusion4j.training.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSpecTest {

    @Test
    void parsesAListOrAFileWithTaskZeroFirst(@TempDir Path dir) throws Exception {
        ClusterSpec listed = ClusterSpec.parse("10.0.0.1:2222, 10.0.0.2:2223");
        assertEquals(2, listed.tasks());
        assertEquals("10.0.0.2", listed.host(1));
        assertEquals(2223, listed.port(1));
        assertEquals("/job:worker/task:1", ClusterSpec.device(1));
        Path file = dir.resolve("cluster.txt");
        Files.writeString(file, "# chief first\n10.0.0.1:2222\n\n10.0.0.2:2223\n");
        assertEquals(listed, ClusterSpec.read(file));
    }

    @Test
    void badAddressesAndTasksAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSpec.parse("10.0.0.1")).getMessage().contains("HOST:PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSpec.parse("h:0")).getMessage().contains("HOST:PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSpec.parse("h:1,h:1")).getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSpec.parse("h:1,h:2").requireTask(2)).getMessage()
                .contains("0..1"));
    }

    @Test
    void loopbackAndThePrivateRangesAreTheOnlyQuietAddresses() throws Exception {
        for (String quiet : List.of("127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.1.1", "::1", "fd12::1", "fe80::1")) {
            assertTrue(ClusterSpec.isPrivate(InetAddress.getByName(quiet)), quiet);
        }
        for (String loud : List.of("8.8.8.8", "172.32.0.1", "100.64.0.1", "2001:db8::1")) {
            assertFalse(ClusterSpec.isPrivate(InetAddress.getByName(loud)), loud);
        }
        assertEquals(List.of("8.8.8.8:2222"), ClusterSpec.parse("127.0.0.1:2222,8.8.8.8:2222").outsidePrivateRanges());
    }
}
