package org.diffusion4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.diffusion4j.core.denoisers.Prediction;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.models.networks.UNetConfig;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.models.runs.Sampling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedSamplerTest {

    private static final UNetConfig NETWORK = UNetConfig.builder().imageSize(8).modelChannels(8)
            .channelMultipliers(List.of(1, 2)).groups(4).attentionHeads(2).timesteps(20).build();

    @Test
    void aStudentsSamplerIsReadFromItsModelJsonAndOtherFoldersHaveNone(@TempDir Path dir) {
        RunFolder student = new RunFolder(dir.resolve("student"));
        SamplerSpec fourSteps = SamplerSpec.of("ddim").withSteps(4);
        student.writeJson(student.modelSpecFile(), new ModelSpec(NETWORK, "cosine", Prediction.V).withSampling(new Sampling(fourSteps, 0)));
        assertEquals(fourSteps, Diffusion.recordedSampler(student.root()).orElseThrow());

        RunFolder trained = new RunFolder(dir.resolve("trained"));
        trained.writeJson(trained.modelSpecFile(), new ModelSpec(NETWORK, "cosine"));
        assertTrue(Diffusion.recordedSampler(trained.root()).isEmpty(), "a trained run leaves the sampler to the caller");
        assertTrue(Diffusion.recordedSampler(dir.resolve("no-run")).isEmpty(), "so does a folder that is not a run");
    }
}
