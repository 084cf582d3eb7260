package org.diffusion4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusion4j.models.networks.UNetConfig;
import org.junit.jupiter.api.Test;

class BenchModelsTest {

    @Test
    void theColourPresetsAreBenchedAsTheyAreBuilt() {
        assertEquals(UNetConfig.rgb32(), BenchModels.byName("rgb32"));
        assertEquals(UNetConfig.rgb64(), BenchModels.byName("rgb64"));
        assertEquals(UNetConfig.document000(28), BenchModels.byName("doc000"));
        for (String name : BenchModels.names()) {
            BenchModels.byName(name).validate();
        }
        String message = assertThrows(IllegalArgumentException.class, () -> BenchModels.byName("rgb128")).getMessage();
        assertTrue(message.contains("rgb32, rgb64"), message);
    }
}
