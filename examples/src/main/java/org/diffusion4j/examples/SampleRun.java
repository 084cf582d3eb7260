package org.diffusion4j.examples;

import java.nio.file.Path;
import org.diffusion4j.api.Diffusion;
import org.diffusion4j.api.DiffusionModel;

/** Samples 16 images from a trained run (or an export) into a PNG grid: {@code SampleRun RUN_FOLDER OUT.png}. */
public final class SampleRun {

    private SampleRun() {
    }

    public static void main(String[] args) {
        try (DiffusionModel model = Diffusion.open(Path.of(args[0]))) {
            model.generate(16, 42).writeGrid(Path.of(args[1]));
        }
    }
}
