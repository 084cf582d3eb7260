package org.diffusion4j.examples;

import java.nio.file.Path;
import org.diffusion4j.api.Diffusion;
import org.diffusion4j.api.DiffusionModel;
import org.diffusion4j.api.GeneratedImages;
import org.diffusion4j.api.OpenOptions;

/**
 * Samples a SavedModel denoiser that was not written by diffusion4j, through the card that says how to drive it:
 * {@code SampleKerasModel SAVEDMODEL_FOLDER CARD.json OUT.png}.
 */
public final class SampleKerasModel {

    private SampleKerasModel() {
    }

    public static void main(String[] args) {
        try (DiffusionModel model = Diffusion.open(Path.of(args[0]), OpenOptions.builder().card(Path.of(args[1])).build())) {
            GeneratedImages images = model.generate(16, 0);
            images.writeGrid(Path.of(args[2]));
            System.out.printf("%d images with the %s sampler in %.1f s%n", images.count(), model.defaultSampler().name(), images.seconds());
        }
    }
}
