package org.diffusion4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.diffusion4j.testdata.IdxFixtures;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {

    @TempDir
    Path tmp;

    private static final String FILES = "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz,"
            + " t10k-labels-idx1-ubyte.gz";

    private DatasetFolder locate(Path explicit, Map<String, String> env, boolean offline, List<URI> mirrors) {
        DataSettings settings = new DataSettings(explicit, env, tmp.resolve("cache"), mirrors, offline);
        return new DatasetLocator(settings, DownloadProgress.NONE).locate(DatasetKind.MNIST);
    }

    @Test
    void explicitBeatsEnvironmentBeatsCache() {
        Path explicit = IdxFixtures.writeMnistFolder(tmp.resolve("explicit"), 1, 1, false);
        Path fromEnv = IdxFixtures.writeMnistFolder(tmp.resolve("env"), 1, 1, false);
        Path cached = IdxFixtures.writeMnistFolder(tmp.resolve("cache/mnist"), 1, 1, false);
        Map<String, String> env = Map.of(DataSettings.DATA_ENV, fromEnv.toString());

        assertEquals(explicit, locate(explicit, env, true, List.of()).dir());
        assertEquals(fromEnv, locate(null, env, true, List.of()).dir());
        assertEquals(cached, locate(null, Map.of(), true, List.of()).dir());
    }

    @Test
    void environmentMayNameAParentWithOneFolderPerDataSet() {
        Path mnist = IdxFixtures.writeMnistFolder(tmp.resolve("data/mnist"), 1, 1, false);
        assertEquals(mnist, locate(null, Map.of(DataSettings.DATA_ENV, tmp.resolve("data").toString()), true, List.of()).dir());
    }

    @Test
    void incompleteExplicitFolderNamesTheMissingFileInsteadOfFallingBack() throws Exception {
        IdxFixtures.writeMnistFolder(tmp.resolve("cache/mnist"), 1, 1, false);
        Path explicit = IdxFixtures.writeMnistFolder(tmp.resolve("explicit"), 1, 1, true);
        Files.delete(explicit.resolve("train-labels-idx1-ubyte.gz"));
        DataException e = assertThrows(DataException.class, () -> locate(explicit, Map.of(), true, List.of()));
        assertEquals("MNIST file train-labels-idx1-ubyte.gz (or unpacked train-labels-idx1-ubyte) is missing from --data folder "
                + explicit + "; copy it there", e.getMessage());

        Path absent = tmp.resolve("absent");
        DataException e2 = assertThrows(DataException.class, () -> locate(absent, Map.of(), true, List.of()));
        assertEquals("--data folder " + absent + " does not exist; point it at the folder that holds " + FILES, e2.getMessage());
    }

    @Test
    void cacheRootFollowsXdg() {
        Path home = Path.of("/home/someone");
        assertEquals(Path.of("/xdg/diffusion4j"), DataSettings.defaultCacheRoot(Map.of("XDG_CACHE_HOME", "/xdg"), home));
        assertEquals(home.resolve(".cache/diffusion4j"), DataSettings.defaultCacheRoot(Map.of(), home));
        assertEquals(home.resolve(".cache/diffusion4j"), DataSettings.defaultCacheRoot(Map.of("XDG_CACHE_HOME", "rel"), home));
    }

    @Test
    void offlineWithoutCopySaysWhereToPutTheFiles() {
        Path cacheDir = tmp.resolve("cache/mnist");
        DataException e = assertThrows(DataException.class, () -> locate(null, Map.of(), true, List.of()));
        assertEquals("MNIST is not in " + cacheDir + " and downloads are off (offline); put " + FILES + " into " + cacheDir
                + ", or pass --data DIR, or set DIFFUSION4J_DATA=DIR", e.getMessage());
    }

    @Test
    void downloadsFromTheFirstWorkingMirrorAndVerifies() throws Exception {
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        for (String name : DatasetKind.MNIST.fileNames()) {
            Files.copy(TestData.requireFullMnist().resolve(name), mirror.resolve(name));
        }
        URI broken = tmp.resolve("no-such-mirror").toUri();
        List<String> progress = new ArrayList<>();
        DataSettings settings = new DataSettings(null, Map.of(), tmp.resolve("cache"), List.of(broken, mirror.toUri()), false);
        DatasetFolder folder = new DatasetLocator(settings,
                (file, bytes, total) -> { if (bytes == total) progress.add(file + ":" + total); }).locate(DatasetKind.MNIST);

        assertEquals(tmp.resolve("cache/mnist"), folder.dir());
        assertTrue(folder.isComplete());
        assertTrue(progress.contains("t10k-labels-idx1-ubyte.gz:4542"), progress.toString());
        try (var files = Files.list(folder.dir())) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".part")), "no temporary files left");
        }
        assertEquals(7, MnistDataset.load(folder, Split.TEST).label(0));
    }

    @Test
    void allMirrorsFailingNamesThemAndTheFix() throws Exception {
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        // A mirror serving the wrong bytes must not leave a file under the real name.
        IdxFixtures.writeMnistFolder(bad, 2, 2, true);
        URI missing = tmp.resolve("missing").toUri();
        Path cacheDir = tmp.resolve("cache/mnist");
        DataException e = assertThrows(DataException.class,
                () -> locate(null, Map.of(), false, List.of(missing, bad.toUri())));
        String message = e.getMessage();
        assertTrue(message.startsWith("could not download MNIST file train-images-idx3-ubyte.gz from any mirror, tried " + missing),
                message);
        assertTrue(message.contains(bad.toUri() + " (IOException: got MD5 "), message);
        assertTrue(message.endsWith("; put " + FILES + " into " + cacheDir + ", or pass --data DIR, or set DIFFUSION4J_DATA=DIR"),
                message);
        try (var files = Files.list(cacheDir)) {
            assertEquals(0, files.count(), "nothing left in the cache");
        }
    }

    @Test
    void fashionMnistIsNeverDownloadedAndSuggestsThePackage() {
        DataSettings settings = new DataSettings(null, Map.of(), tmp.resolve("cache"), List.of(), false);
        Path installed = DatasetKind.FASHION_MNIST.systemDirs().get(0);
        if (new DatasetFolder(installed, DatasetKind.FASHION_MNIST).isComplete()) {
            assertEquals(installed, new DatasetLocator(settings, DownloadProgress.NONE).locate(DatasetKind.FASHION_MNIST).dir());
            return;
        }
        Path cacheDir = tmp.resolve("cache/fashion-mnist");
        DataException e = assertThrows(DataException.class,
                () -> new DatasetLocator(settings, DownloadProgress.NONE).locate(DatasetKind.FASHION_MNIST));
        assertEquals("Fashion-MNIST was not found in " + cacheDir + " or /usr/share/datasets/fashion-mnist;"
                + " apt-get install dataset-fashion-mnist, or put " + FILES + " into " + cacheDir
                + ", or pass --data DIR, or set DIFFUSION4J_DATA=DIR", e.getMessage());
    }
}
