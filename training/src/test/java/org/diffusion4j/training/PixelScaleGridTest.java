package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import javax.imageio.ImageIO;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.images.ImageGrid;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.core.samplers.DdimSampler;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.datasets.MnistDataset;
import org.diffusion4j.datasets.Split;
import org.diffusion4j.datasets.TrainValidationSplit;
import org.diffusion4j.models.NetworkDenoiser;
import org.diffusion4j.models.graph.Precision;
import org.diffusion4j.models.networks.VitConfig;
import org.diffusion4j.models.runs.ModelSpec;
import org.diffusion4j.models.runs.RunFolder;
import org.diffusion4j.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * The TensorBoard grid of a network that trains in half the pixel range (document 004's notebook ViT) shows pixels: it is the
 * grid of the samples divided by the pixel scale, not of the network's own units.
 */
class PixelScaleGridTest {

    private static final VitConfig HALF_SCALE = VitConfig.builder().imageSize(28).width(8).depth(1).heads(2).headDim(4).timesteps(20)
            .pixelScale(0.5).build();

    @Test
    void theGridOfAHalfScaleVitIsInPixels(@TempDir Path dir) throws IOException {
        TrainValidationSplit data = MnistDataset.load(TestData.mnist(), Split.TRAIN).subset(40).split(0.1, 7);
        TrainingConfig config = TrainingConfig.builder().epochs(1).batchSize(12).learningRate(1e-3).emaDecay(0).seed(5).threads(1).build();
        RunFolder run = new RunFolder(dir.resolve("run"));
        ModelSpec spec = new ModelSpec(HALF_SCALE, "geometric");
        run.writeJson(run.modelSpecFile(), spec);
        TensorBoardOptions options = new TensorBoardOptions(true, 4, 3);
        try (TrainingGraph graph = new TrainingGraph(HALF_SCALE, spec.noiseSchedule(), LossType.MSE, 1)) {
            new Trainer(run, spec, config, List.of(TrainingListener.SILENT), options, EnumSet.noneOf(BuiltInListener.class))
                    .train(graph, VitTrainingData.forTraining(HALF_SCALE, new DatasetTrainingData(data.train())),
                            VitTrainingData.forValidation(HALF_SCALE, new DatasetTrainingData(data.validation())), false, -1);
        }
        ImageBatch samples;
        try (NetworkDenoiser denoiser = new NetworkDenoiser(spec, run.samplingWeights(true), 1, Precision.FP32)) {
            samples = new SamplingPipeline(denoiser, spec.noiseSchedule(), new DdimSampler(3, 0, true))
                    .generate(4, 4, config.seed(), SamplingObserver.NONE, SamplingPipeline.BatchProgress.NONE);
        }
        float[] networkUnits = samples.pixels().clone();
        for (int i = 0; i < networkUnits.length; i++) {
            networkUnits[i] *= 0.5f;
        }
        BufferedImage expected = ImageGrid.render(samples, 2, 2);
        BufferedImage unscaled = ImageGrid.render(samples.withPixels(networkUnits), 2, 2);
        BufferedImage logged = loggedGrid(run);
        assertEquals(expected.getWidth(), logged.getWidth());
        int differentFromUnscaled = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertEquals(expected.getRaster().getSample(x, y, 0), logged.getRaster().getSample(x, y, 0), "pixel " + x + "," + y);
                differentFromUnscaled += expected.getRaster().getSample(x, y, 0) != unscaled.getRaster().getSample(x, y, 0) ? 1 : 0;
            }
        }
        assertTrue(differentFromUnscaled > 0, "pixels and network units must differ in this grid");
    }

    private static BufferedImage loggedGrid(RunFolder run) throws IOException {
        for (Event event : EventFiles.readAll(run.tensorBoardDir())) {
            for (Summary.Value value : event.getSummary().getValueList()) {
                if (value.getTag().equals(TrainingSummaries.SAMPLES + "/image")) {
                    BufferedImage png = ImageIO.read(new ByteArrayInputStream(value.getImage().getEncodedImageString().toByteArray()));
                    assertNotNull(png);
                    return png;
                }
            }
        }
        throw new AssertionError("no sample grid in " + run.tensorBoardDir());
    }
}
