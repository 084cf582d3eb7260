package org.diffusion4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.samplers.SampleNoise;
import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.ParameterFile;
import org.diffusion4j.models.graph.ParameterStore;
import org.diffusion4j.models.graph.ParameterValue;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** A model opened through the API gives pixels in [-1, 1] whatever units its network samples in. */
class PixelUnitsTest {

    private static final VitConfig HALF_SCALE = VitConfig.builder().imageSize(8).width(8).depth(1).heads(2).headDim(4).timesteps(20)
            .pixelScale(0.5).build();

    @Test
    void generatedImagesAreInDisplayUnits(@TempDir Path temp) {
        RunFolder run = new RunFolder(temp.resolve("vit"));
        Map<String, ParameterValue> weights;
        try (Graph graph = new Graph()) {
            ParameterStore params = new ParameterStore(Ops.create(graph));
            HALF_SCALE.build(params);
            weights = new LinkedHashMap<>(params.initialValues(3));
        }
        run.writeJson(run.modelSpecFile(), new ModelSpec(HALF_SCALE, "geometric"));
        ParameterFile.write(run.checkpointFile(), Map.of("step", "1"), weights);
        SamplerSpec sampler = SamplerSpec.of("ddim").withSteps(4);
        ImageBatch networkUnits;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(HALF_SCALE, run.samplingWeights(true), 1)) {
            // One batch of 5: its generator is the first split of the seed's, as the pipeline draws it.
            SplittableRandom random = new SplittableRandom(11).split();
            ImageBatch noise = SampleNoise.gaussian(5, 8, 8, 1, random);
            networkUnits = sampler.create().sample(denoiser, run.modelSpec().noiseSchedule(), noise, random, SamplingObserver.NONE);
        }
        GeneratedImages images;
        try (DiffusionModel model = Diffusion.open(run.root(), OpenOptions.builder().threads(1).build())) {
            assertEquals(0.5, model.denoiser().pixelScale());
            images = model.generate(Generation.builder().count(5).batchSize(5).seed(11).sampler(sampler).build());
        }
        float[] expected = networkUnits.pixels().clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] /= 0.5f;
        }
        assertArrayEquals(expected, images.images().pixels());
    }
}
