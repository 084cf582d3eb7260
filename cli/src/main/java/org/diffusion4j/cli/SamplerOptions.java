package org.diffusion4j.cli;

import org.diffusion4j.core.samplers.SamplerSpec;
import org.diffusion4j.core.denoisers.Prediction;
import picocli.CommandLine.Option;

/**
 * The options of every command that samples (sample, evaluate, sample-imported): which sampler, its settings and how
 * many images go through the denoiser at once. The settings' defaults are {@link SamplerSpec}'s; the two that differ
 * between commands are set here, in {@link #forRuns()} and {@link #forImportedModels()}, and nowhere else.
 */
final class SamplerOptions {

    @Option(names = "--sampler", paramLabel = "NAME",
            description = "ddpm, ddim, dpm++2m (DPM-Solver++, second order), dpm++3m (third order), stepwise (document 004's geometric chain) or chain "
                    + "(imported models that predict one forward step's noise); default: ddpm for a run, and for an imported "
                    + "model chain if it predicts per-step noise, else ddim; a distilled student's own sampler for its run")
    String name;

    /** The sampler when --sampler is not given and the model asks for none. */
    private final String defaultName;

    @Option(names = "--steps", description = "denoiser calls of ddim, dpm++2m and dpm++3m (default " + SamplerSpec.DEFAULT_STEPS + "), and of "
            + "stepwise (default: the whole chain; fewer walk a coarser chain as document 004 describes); "
            + "ddpm and chain visit every timestep")
    Integer steps;

    @Option(names = "--eta", description = "ddim noise: 0 deterministic, 1 like DDPM (default: ${DEFAULT-VALUE})")
    double eta = SamplerSpec.DEFAULT_ETA;

    @Option(names = "--step-size",
            description = "stepwise only: trust in each noise prediction, document 004 tried 1.5 (default: ${DEFAULT-VALUE})")
    double stepSize = SamplerSpec.DEFAULT_STEP_SIZE;

    @Option(names = "--no-clip", description = "do not clip the x0 estimate to [-1, 1] at each step")
    boolean noClip;

    @Option(names = "--batch-size", description = "images per denoiser call (default: ${DEFAULT-VALUE})")
    int batchSize;

    private SamplerOptions(String defaultName, int defaultBatchSize) {
        this.defaultName = defaultName;
        this.batchSize = defaultBatchSize;
    }

    /**
     * sample and evaluate: DDPM, the paper's sampler for the networks a run trains, 256 images per call. Each batch draws
     * its own noise, so the images depend on the batch size: changing either default would change every run's samples.
     */
    static SamplerOptions forRuns() {
        return new SamplerOptions("ddpm", 256);
    }

    /**
     * sample-imported: no default name, since the model's prediction decides (see {@link #forImportedModel}); 64 images
     * per call, as ever, so a foreign model's samples stay what they were.
     */
    static SamplerOptions forImportedModels() {
        return new SamplerOptions(null, 64);
    }

    /**
     * The sampler for the run in {@code runDir}: a distilled student's own (its steps on the grid it learnt) unless --sampler
     * or --steps is given; otherwise, and for a folder that is not a run (an export), {@link #forRun()}.
     */
    SamplerSpec forRun(java.nio.file.Path runDir) {
        if (name == null && steps == null) {
            return org.diffusion4j.api.Diffusion.recordedSampler(runDir).map(recorded -> recorded.withClip(!noClip)).orElseGet(this::forRun);
        }
        return forRun();
    }

    /** The sampler for a diffusion4j run, whose network predicts the noise of x_t in closed form. */
    SamplerSpec forRun() {
        SamplerSpec spec = spec(name != null ? name : defaultName);
        if (spec.name().equals("chain")) {
            throw new IllegalArgumentException("--sampler chain is for imported models that predict one forward step's noise; "
                    + "a run's network predicts the noise of x_t: use ddpm, ddim, dpm++2m, dpm++3m or stepwise");
        }
        return spec;
    }

    /** The sampler for an imported model: only the chain sampler inverts per-step noise, and only it needs that. */
    SamplerSpec forImportedModel(Prediction prediction) {
        boolean stepNoise = prediction == Prediction.CHAIN_EPS;
        SamplerSpec spec = spec(name != null ? name : stepNoise ? "chain" : "ddim");
        if (stepNoise != spec.name().equals("chain")) {
            throw new IllegalArgumentException(stepNoise
                    ? "this model predicts per-step chain noise (CHAIN_EPS); only --sampler chain can use it"
                    : "--sampler chain needs a CHAIN_EPS model; this one predicts " + prediction + ": use ddim or ddpm");
        }
        return spec;
    }

    private SamplerSpec spec(String chosen) {
        SamplerSpec spec = SamplerSpec.of(chosen).withEta(eta).withClip(!noClip).withStepSize(stepSize);
        return steps == null ? spec : spec.withSteps(steps);
    }
}
