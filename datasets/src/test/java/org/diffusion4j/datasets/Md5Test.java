package org.diffusion4j.datasets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.diffusion4j.testdata.IdxFixtures;
import org.diffusion4j.testdata.MnistSubset;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Md5Test {

    @TempDir
    Path tmp;

    @Test
    void realFilesMatchOfficialDigests() {
        Path dir = TestData.requireFullMnist();
        for (String name : DatasetKind.MNIST.fileNames()) {
            assertDoesNotThrow(() -> Md5.verify(dir.resolve(name), DatasetKind.MNIST.officialMd5(name).orElseThrow()));
        }
    }

    @Test
    void flippedByteIsReportedWithBothDigests() throws Exception {
        // The committed subset and its recorded digest: what is checked is the comparison, not which file.
        String name = "t10k-labels-idx1-ubyte.gz";
        Path copy = Files.copy(MnistSubset.gzipDir().resolve(name), tmp.resolve(name));
        String expected = MnistSubset.recordedMd5(name);
        assertDoesNotThrow(() -> Md5.verify(copy, expected));
        IdxFixtures.flipByte(copy, 100);
        String actual = Md5.of(copy);
        DataException e = assertThrows(DataException.class, () -> Md5.verify(copy, expected));
        assertEquals("file " + copy + " has MD5 " + actual + " but the official file has MD5 " + expected
                + "; it is corrupt or a different file: delete it and download again (if you recompressed it yourself,"
                + " gunzip it instead: unpacked files are checked by structure only)", e.getMessage());
    }

    @Test
    void corruptCopyFailsWhenLoading() throws Exception {
        for (String name : new String[] {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(TestData.requireFullMnist().resolve(name), tmp.resolve(name));
        }
        IdxFixtures.flipByte(tmp.resolve("t10k-images-idx3-ubyte.gz"), 5000);
        DataException e = assertThrows(DataException.class, () -> MnistDataset.load(tmp, Split.TEST));
        assertEquals(true, e.getMessage().startsWith("file " + tmp.resolve("t10k-images-idx3-ubyte.gz") + " has MD5 "));
    }
}
