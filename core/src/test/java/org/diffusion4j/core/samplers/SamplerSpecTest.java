package org.diffusion4j.core.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.GeometricSchedule;
import org.junit.jupiter.api.Test;

class SamplerSpecTest {

    @Test
    void defaultsAreTwentyStepsDeterministicAndClippedAndTheWholeChainForStepwise() {
        SamplerSpec ddim = SamplerSpec.of("ddim");
        assertEquals(new SamplerSpec("ddim", 20, 0.0, true, 1.0), ddim);
        assertEquals(20, assertInstanceOf(DdimSampler.class, ddim.create()).steps());
        assertEquals(20, assertInstanceOf(DpmSolverSampler.class, SamplerSpec.of("dpm++2m").create()).steps());
        assertEquals(SamplerSpec.ALL_STEPS, SamplerSpec.of("stepwise").steps());
        GeometricSchedule chain = new GeometricSchedule(500);
        assertEquals(500, SamplerSpec.of("stepwise").create().steps(chain), "the whole chain");
        assertEquals(50, SamplerSpec.of("stepwise").withSteps(50).create().steps(chain));
        assertEquals(1.5, assertInstanceOf(StepScaledSampler.class, SamplerSpec.of("stepwise").withStepSize(1.5).create()).stepSize());
        assertInstanceOf(ChainSampler.class, SamplerSpec.of("chain").create());
        assertFalse(assertInstanceOf(DpmSolverSampler.class, SamplerSpec.of("dpm++2m").withClip(false).create()).clipPredictedImages());
    }

    @Test
    void namesAreCaseInsensitiveAndTheDpmAliasesAreDpmPlusPlus2m() {
        assertEquals("ddim", SamplerSpec.of(" DDIM ").name());
        assertEquals("dpm++2m", SamplerSpec.of("dpm++").name());
        assertEquals("dpm++2m", SamplerSpec.of("dpmsolver").name());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SamplerSpec.of("euler"));
        assertEquals("unknown sampler 'euler'; valid names are ddpm, ddim, dpm++2m, dpm++3m, stepwise, chain", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SamplerSpec(null, 20, 0, true, 1));
    }

    /** Files and evaluation reports carry these labels; docs/RESULTS.md links reports by them. */
    @Test
    void labelsNameOnlyWhatTheSamplerUses() {
        assertEquals("ddpm", SamplerSpec.of("ddpm").label());
        assertEquals("ddpm", SamplerSpec.of("ddpm").withSteps(50).withEta(1).label());
        assertEquals("ddim20", SamplerSpec.of("ddim").label());
        assertEquals("ddim10", SamplerSpec.of("ddim").withSteps(10).label());
        assertEquals("ddim20-eta1", SamplerSpec.of("ddim").withEta(1).label());
        assertEquals("ddim20-eta0.5", SamplerSpec.of("ddim").withEta(0.5).label());
        assertEquals("dpm++2m20", SamplerSpec.of("dpm++2m").withEta(1).label());
        assertEquals("stepwise", SamplerSpec.of("stepwise").label());
        assertEquals("stepwise10-s1.5", SamplerSpec.of("stepwise").withSteps(10).withStepSize(1.5).label());
        assertEquals("stepwise100", SamplerSpec.of("stepwise").withSteps(100).label());
        assertEquals("chain", SamplerSpec.of("chain").label());
    }

    @Test
    void settingsASamplerCannotRunAreRefusedWhenItIsCreated() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SamplerSpec.of("ddim").withSteps(0).create())
                .getMessage().contains("at least 1 step"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SamplerSpec.of("ddim").withEta(-1).create())
                .getMessage().contains("eta"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SamplerSpec.of("stepwise").withStepSize(0).create())
                .getMessage().contains("step size"));
    }

    /**
     * Every sampler of a spec either runs correctly on document 004's geometric chain or refuses it in one line that
     * names the samplers that do: none silently mixes the chain's rates with variance-preserving ones.
     */
    @Test
    void onTheGeometricChainEverySamplerLandsOnTheDataOrNamesTheFix() {
        GeometricSchedule chain = new GeometricSchedule(100, 0.97);
        float[] pixels = new float[20];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (0.9 * Math.cos(0.7 * i));
        }
        ImageBatch target = new ImageBatch(pixels, 1, 4, 5, 1);
        for (String name : new String[] {"ddim", "dpm++2m", "stepwise"}) {
            ImageBatch images = SamplerSpec.of(name).create().sample(new OracleDenoiser(chain, target), chain,
                    SampleNoise.gaussian(2, 4, 5, 1, new SplittableRandom(1)), new SplittableRandom(2), SamplingObserver.NONE);
            for (int i = 0; i < images.pixels().length; i++) {
                assertEquals(pixels[i % pixels.length], images.pixels()[i], 1e-3, name);
            }
        }
        IllegalArgumentException ddpm = assertThrows(IllegalArgumentException.class, () -> SamplerSpec.of("ddpm").create()
                .sample(new OracleDenoiser(chain, target), chain, SampleNoise.gaussian(2, 4, 5, 1, new SplittableRandom(1)),
                        new SplittableRandom(2), SamplingObserver.NONE));
        assertEquals("the ddpm sampler needs a variance-preserving schedule, and 'geometric' is not; "
                + "use the ddim or dpm++2m sampler (or stepwise on the geometric chain)", ddpm.getMessage());
    }
}
