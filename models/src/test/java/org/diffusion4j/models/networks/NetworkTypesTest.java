package org.diffusion4j.models.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in architectures are registrations like any other, and a user's network joins them with one call. */
class NetworkTypesTest {

    /** A network of a user's own; it never builds here, only its registration and its model.json are tested. */
    public record TinyConfig(int imageSize, int inChannels, int timesteps, int classes, int width) implements NetworkConfig {

        @Override
        public void validate() {
            if (width <= 0) {
                throw new IllegalArgumentException("width must be positive, got " + width);
            }
        }

        @Override
        public TinyConfig withInChannels(int channels) {
            TinyConfig changed = new TinyConfig(imageSize, channels, timesteps, classes, width);
            changed.validate();
            return changed;
        }

        @Override
        public DenoisingNetwork build(ParameterStore params) {
            throw new UnsupportedOperationException("a test network");
        }
    }

    private static final NetworkType<TinyConfig> TINY = NetworkType.of("tiny", TinyConfig.class, "quality")
            .withBenchmark("tiny8", new TinyConfig(8, 1, 10, 0, 8));

    @Test
    void theBuiltInsKeepTheirNamesPresetsAndBenchmarks() {
        assertEquals(List.of("unet", "vit", "dit"), NetworkTypes.names().subList(0, 3));
        assertEquals("quality", NetworkTypes.named("unet").defaultPreset());
        assertEquals("vit", NetworkTypes.named("vit").defaultPreset());
        assertEquals("dit", NetworkTypes.named("dit").defaultPreset());
        assertEquals(List.of("doc000", "doc000-32", "rgb32", "rgb64"), List.copyOf(NetworkTypes.UNET.benchmarks().keySet()));
        assertEquals(DitConfig.mnistPreset(), NetworkTypes.benchmarks().get("dit"));
        assertEquals("unet", UNetConfig.rgb32().architecture());
        assertEquals("vit", VitConfig.mnistPreset().architecture());
        assertEquals("dit", DitConfig.mnistPreset().architecture());
        assertSame(NetworkTypes.VIT, NetworkTypes.of(VitConfig.document004()));
        String message = assertThrows(IllegalArgumentException.class, () -> NetworkTypes.named("resnet")).getMessage();
        assertTrue(message.startsWith("unknown architecture 'resnet'; use unet, vit"), message);
    }

    @Test
    void everyConfigTakesOtherChannelsThroughItsBuilderAndValidates() {
        assertEquals(3, UNetConfig.document000(32).withInChannels(3).inChannels());
        assertEquals(UNetConfig.rgb32(), UNetConfig.rgb32().withInChannels(1).withInChannels(3));
        assertEquals(DitConfig.mnistPreset().toBuilder().inChannels(3).build(), DitConfig.mnistPreset().withInChannels(3));
        assertEquals(3, VitConfig.blogPostPreset().withInChannels(3).inChannels());
        assertThrows(IllegalArgumentException.class, () -> UNetConfig.document000(28).withInChannels(0));
        assertThrows(IllegalArgumentException.class, () -> DitConfig.mnistPreset().withInChannels(-1));
    }

    @Test
    void aUsersNetworkRegistersWithOneCallAndIsSavedUnderItsOwnName(@TempDir Path dir) throws Exception {
        TinyConfig tiny = new TinyConfig(8, 1, 10, 0, 16);
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(tiny, "cosine"), "unregistered: refused before writing");
        NetworkTypes.register(TINY);
        NetworkTypes.register(TINY);
        assertTrue(NetworkTypes.names().contains("tiny"));
        assertEquals("tiny", tiny.architecture());
        assertEquals(new TinyConfig(8, 1, 10, 0, 8), NetworkTypes.benchmarks().get("tiny8"));

        RunFolder run = new RunFolder(dir);
        run.writeJson(run.modelSpecFile(), new ModelSpec(tiny, "cosine"));
        assertTrue(Files.readString(run.modelSpecFile()).contains("\"tiny\" : {"), Files.readString(run.modelSpecFile()));
        assertEquals(new ModelSpec(tiny, "cosine"), run.modelSpec());
        assertEquals("tiny", run.modelSpec().architecture());
    }

    @Test
    void aRegistrationThatWouldMakeNamesAmbiguousIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NetworkTypes.register(NetworkType.of("unet", TinyConfig.class, "quality")));
        assertThrows(IllegalArgumentException.class, () -> NetworkTypes.register(NetworkType.of("unet2", UNetConfig.class, "quality")));
        assertThrows(IllegalArgumentException.class, () -> NetworkType.of("schedule", TinyConfig.class, "quality"));
        assertThrows(IllegalArgumentException.class, () -> NetworkType.of("My Net", TinyConfig.class, "quality"));
        assertThrows(IllegalArgumentException.class, () -> NetworkTypes.register(NetworkType.of("other", OtherConfig.class, "quality")
                .withBenchmark("doc000", new OtherConfig())));
    }

    /** A second user configuration, for a benchmark name that clashes with a built-in's. */
    public record OtherConfig() implements NetworkConfig {
        @Override
        public int imageSize() {
            return 8;
        }

        @Override
        public int inChannels() {
            return 1;
        }

        @Override
        public int timesteps() {
            return 10;
        }

        @Override
        public int classes() {
            return 0;
        }

        @Override
        public void validate() {
        }

        @Override
        public OtherConfig withInChannels(int channels) {
            return this;
        }

        @Override
        public DenoisingNetwork build(ParameterStore params) {
            throw new UnsupportedOperationException("a test network");
        }
    }
}
