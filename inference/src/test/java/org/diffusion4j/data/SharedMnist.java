package org.diffusion4j.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real MNIST files in the project's shared folder; read in place, never copied into the project. */
final class SharedMnist {

    private SharedMnist() {
    }

    static Path dir() {
        String shared = System.getProperty("diffusion4j.shared");
        // Surefire sets the property; an IDE run starts in the module folder, two levels below shared/.
        Path root = shared != null ? Path.of(shared) : Path.of("../../shared");
        Path mnist = root.resolve("mnist").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(mnist.resolve("t10k-images-idx3-ubyte.gz")),
                "real MNIST not found in " + mnist + "; set -Ddiffusion4j.shared=DIR");
        return mnist;
    }
}
