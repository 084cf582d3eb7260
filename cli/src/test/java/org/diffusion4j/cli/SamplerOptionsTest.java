package org.diffusion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.denoisers.Prediction;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The sampler options every sampling command shares, and the defaults that differ between them. */
class SamplerOptionsTest {

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void runsSampleWithDdpmInBatchesOf256() {
        SampleCommand sample = parse(new SampleCommand());
        EvaluateCommand evaluate = parse(new EvaluateCommand(), "--run", "runs/mnist");
        for (SamplerOptions options : new SamplerOptions[] {sample.sampling, evaluate.sampling}) {
            assertEquals(SamplerSpec.of("ddpm"), options.forRun());
            assertEquals(256, options.batchSize);
        }
        assertEquals("ddpm", sample.sampling.forRun().label());
    }

    @Test
    void importedModelsSampleByTheirPredictionInBatchesOf64() {
        ImportedSampleCommand imported = parse(new ImportedSampleCommand(), "model");
        assertEquals(64, imported.sampling.batchSize);
        assertEquals(SamplerSpec.of("chain"), imported.sampling.forImportedModel(Prediction.CHAIN_EPS));
        assertEquals(SamplerSpec.of("ddim"), imported.sampling.forImportedModel(Prediction.EPS));
        assertEquals(20, imported.sampling.forImportedModel(Prediction.EPS).steps());
    }

    @Test
    void everyCommandReadsTheSameOptions() {
        String[] options = {"--sampler", "stepwise", "--steps", "50", "--step-size", "1.5", "--eta", "0.5", "--no-clip",
            "--batch-size", "10"};
        SamplerSpec expected = new SamplerSpec("stepwise", 50, 0.5, false, 1.5);
        assertEquals(expected, parse(new SampleCommand(), options).sampling.forRun());
        String[] evaluate = java.util.Arrays.copyOf(options, options.length + 2);
        evaluate[options.length] = "--run";
        evaluate[options.length + 1] = "r";
        assertEquals(expected, parse(new EvaluateCommand(), evaluate).sampling.forRun());
        assertEquals(10, parse(new EvaluateCommand(), evaluate).sampling.batchSize);
        String[] imported = java.util.Arrays.copyOf(options, options.length + 1);
        imported[options.length] = "model";
        assertEquals(expected, parse(new ImportedSampleCommand(), imported).sampling.forImportedModel(Prediction.EPS));
        assertEquals("stepwise50-s1.5", expected.label());
    }

    @Test
    void theChainSamplerIsOnlyForModelsThatPredictOneStepsNoise() {
        IllegalArgumentException run = assertThrows(IllegalArgumentException.class,
                () -> parse(new SampleCommand(), "--sampler", "chain").sampling.forRun());
        assertTrue(run.getMessage().contains("use ddpm, ddim, dpm++2m, dpm++3m or stepwise"), run.getMessage());
        ImportedSampleCommand imported = parse(new ImportedSampleCommand(), "model", "--sampler", "ddim");
        IllegalArgumentException chainModel = assertThrows(IllegalArgumentException.class,
                () -> imported.sampling.forImportedModel(Prediction.CHAIN_EPS));
        assertTrue(chainModel.getMessage().contains("only --sampler chain can use it"), chainModel.getMessage());
        ImportedSampleCommand chain = parse(new ImportedSampleCommand(), "model", "--sampler", "chain");
        IllegalArgumentException epsModel = assertThrows(IllegalArgumentException.class,
                () -> chain.sampling.forImportedModel(Prediction.EPS));
        assertTrue(epsModel.getMessage().contains("use ddim or ddpm"), epsModel.getMessage());
    }

    @Test
    void helpShowsEachCommandsOwnDefaults() {
        assertTrue(new CommandLine(new SampleCommand()).getUsageMessage().contains("images per denoiser call (default: 256)"));
        assertTrue(new CommandLine(new ImportedSampleCommand()).getUsageMessage().contains("images per denoiser call (default: 64)"));
        assertTrue(new CommandLine(new EvaluateCommand()).getUsageMessage().contains("(default 20), and of stepwise"));
    }
}
