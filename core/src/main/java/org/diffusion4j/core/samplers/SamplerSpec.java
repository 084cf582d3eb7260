package org.diffusion4j.core.samplers;

import java.util.List;
import java.util.Locale;

/**
 * Which sampler to run and how: what a command line, a training run's sample grids and an evaluation report name,
 * with one set of defaults. {@link #create()} builds the sampler; {@link #label()} names it in files.
 *
 * @param name one of {@link #NAMES}, in lower case
 * @param steps denoiser calls of ddim, dpm++2m and dpm++3m; for stepwise the steps of the coarser chain it walks, or
 *        {@link #ALL_STEPS} for the whole chain; ddpm and chain visit every timestep and ignore it
 * @param eta ddim's fresh noise per step: 0 deterministic, 1 like DDPM; the others ignore it
 * @param clip whether ddpm, ddim and dpm++2m clip each clean-image estimate to the data range [-1, 1]
 * @param stepSize stepwise's trust in each noise prediction (document 004's STEP_SIZE); the others ignore it
 * @param grid     ddim's timesteps: 0 evenly spread, else every (grid / steps)-th of a grid-step walk (a distilled student's,
 *                 see {@link DdimSampler#gridTimesteps}); the others ignore it
 */
public record SamplerSpec(String name, int steps, double eta, boolean clip, double stepSize, int grid) {

    /**
     * The samplers by name: DDPM, DDIM, DPM-Solver++(2M) and (3M) and document 004's stepwise sampler for networks that predict
     * the closed-form noise of x_t; chain for imported networks that predict one forward step's noise.
     */
    public static final List<String> NAMES = List.of("ddpm", "ddim", "dpm++2m", "dpm++3m", "stepwise", "chain");

    /** ddim and dpm++2m: 20 calls give clean digits on the 100-step cosine schedule (docs/RESULTS.md). */
    public static final int DEFAULT_STEPS = 20;

    /** stepwise's default: walk every step of the chain, as document 004 does. */
    public static final int ALL_STEPS = 0;

    /** Deterministic DDIM, whose images depend on the start noise only. */
    public static final double DEFAULT_ETA = 0.0;

    /** Clipping keeps early, unreliable estimates from pushing pixels far outside the data range. */
    public static final boolean DEFAULT_CLIP = true;

    /** Step size 1 inverts the chain exactly with a perfect denoiser; document 004 tried 1.5. */
    public static final double DEFAULT_STEP_SIZE = StepScaledSampler.DEFAULT_STEP_SIZE;

    public SamplerSpec {
        name = canonicalName(name);
    }

    /** Settings with DDIM's timesteps evenly spread. */
    public SamplerSpec(String name, int steps, double eta, boolean clip, double stepSize) {
        this(name, steps, eta, clip, stepSize, 0);
    }

    /** The named sampler with the defaults above: {@link #DEFAULT_STEPS}, or the whole chain for stepwise. */
    public static SamplerSpec of(String name) {
        String canonical = canonicalName(name);
        return new SamplerSpec(canonical, canonical.equals("stepwise") ? ALL_STEPS : DEFAULT_STEPS, DEFAULT_ETA, DEFAULT_CLIP,
                DEFAULT_STEP_SIZE);
    }

    /** Lower case and trimmed; the aliases "dpm++" and "dpmsolver" read as dpm++2m. */
    private static String canonicalName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("dpm++") || key.equals("dpmsolver")) {
            return "dpm++2m";
        }
        if (!NAMES.contains(key)) {
            throw new IllegalArgumentException("unknown sampler '" + name + "'; valid names are " + String.join(", ", NAMES));
        }
        return key;
    }

    public SamplerSpec withSteps(int newSteps) {
        return new SamplerSpec(name, newSteps, eta, clip, stepSize, grid);
    }

    public SamplerSpec withEta(double newEta) {
        return new SamplerSpec(name, steps, newEta, clip, stepSize, grid);
    }

    public SamplerSpec withClip(boolean newClip) {
        return new SamplerSpec(name, steps, eta, newClip, stepSize, grid);
    }

    public SamplerSpec withStepSize(double newStepSize) {
        return new SamplerSpec(name, steps, eta, clip, newStepSize, grid);
    }

    public SamplerSpec withGrid(int newGrid) {
        return new SamplerSpec(name, steps, eta, clip, stepSize, newGrid);
    }

    /** The sampler these settings describe; the sampler's constructor refuses settings it cannot run. */
    public Sampler create() {
        return switch (name) {
            case "ddpm" -> new DdpmSampler(clip);
            case "ddim" -> new DdimSampler(steps, eta, clip, grid);
            case "dpm++2m" -> new DpmSolverSampler(steps, clip);
            case "dpm++3m" -> new DpmSolverSampler(steps, clip, 3);
            case "stepwise" -> new StepScaledSampler(stepSize, steps);
            case "chain" -> new ChainSampler();
            default -> throw new IllegalStateException("no sampler for '" + name + "'");
        };
    }

    /**
     * How files and reports name the sampler, with only the settings it uses and eta and the step size only when not
     * the default: "ddpm", "ddim20", "ddim20-eta1", "ddim4-grid64", "dpm++2m20", "stepwise", "stepwise50-s1.5", "chain".
     */
    public String label() {
        return switch (name) {
            case "ddim" -> name + steps + (eta == DEFAULT_ETA ? "" : "-eta" + compact(eta)) + (grid == 0 ? "" : "-grid" + grid);
            case "dpm++2m", "dpm++3m" -> name + steps;
            case "stepwise" -> name + (steps == ALL_STEPS ? "" : String.valueOf(steps))
                    + (stepSize == DEFAULT_STEP_SIZE ? "" : "-s" + stepSize);
            default -> name;
        };
    }

    /** "1" for 1.0, "0.5" for 0.5. */
    private static String compact(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
