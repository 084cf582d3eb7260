package org.diffusion4j.core.samplers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.images.ImageBatch;
import org.diffusion4j.core.schedules.CosineSchedule;
import org.diffusion4j.core.schedules.GeometricSchedule;
import org.diffusion4j.core.schedules.LinearSchedule;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * The exact float bits every sampler produced before the per-step API, kept in {@value #RESOURCE} so that
 * {@link SamplerGoldenTest} can prove a refactoring changed no bit of any sample or observer call.
 *
 * <p>Regenerate only when a sampler's output is meant to change (then say why in the commit):
 * <pre>
 * mvn -q -o test-compile -pl core
 * java -cp core/target/classes:core/target/test-classes org.diffusion4j.core.samplers.SamplerGolden \
 *     core/src/test/resources/org/diffusion4j/core/samplers/sampler-golden.txt
 * </pre>
 * It uses only the samplers' public constructors and {@code sample}, so the same code records old and new behaviour.
 */
final class SamplerGolden {

    static final String RESOURCE = "sampler-golden.txt";

    private static final int COUNT = 3;
    private static final int SIZE = 4;
    private static final long SEED = 20_240_633L;

    /** One sampler on one schedule, under a stable name. */
    record Run(String name, Supplier<Sampler> sampler, Supplier<NoiseSchedule> schedule) {
    }

    private SamplerGolden() {
    }

    static List<Run> runs() {
        Supplier<NoiseSchedule> cosine = () -> new CosineSchedule(50);
        Supplier<NoiseSchedule> linear = () -> new LinearSchedule(50);
        Supplier<NoiseSchedule> geometric = () -> new GeometricSchedule(100);
        return List.of(
                new Run("ddpm-clip-cosine50", () -> new DdpmSampler(true), cosine),
                new Run("ddpm-noclip-cosine50", () -> new DdpmSampler(false), cosine),
                new Run("ddpm-clip-linear50", () -> new DdpmSampler(true), linear),
                new Run("ddpm-noclip-linear50", () -> new DdpmSampler(false), linear),
                new Run("ddim10-eta0-clip-cosine50", () -> new DdimSampler(10, 0.0, true), cosine),
                new Run("ddim10-eta0-noclip-cosine50", () -> new DdimSampler(10, 0.0, false), cosine),
                new Run("ddim10-eta1-clip-cosine50", () -> new DdimSampler(10, 1.0, true), cosine),
                new Run("ddim10-eta1-noclip-linear50", () -> new DdimSampler(10, 1.0, false), linear),
                new Run("ddim10-eta0-noclip-geometric100", () -> new DdimSampler(10, 0.0, false), geometric),
                new Run("dpm++2m10-clip-cosine50", () -> new DpmSolverSampler(10, true), cosine),
                new Run("dpm++2m10-noclip-linear50", () -> new DpmSolverSampler(10, false), linear),
                new Run("dpm++2m10-noclip-geometric100", () -> new DpmSolverSampler(10, false), geometric),
                new Run("stepwise20-s1.5-geometric100", () -> new StepScaledSampler(1.5, 20), geometric),
                new Run("stepwise-all-geometric100", () -> new StepScaledSampler(), geometric),
                new Run("chain-cosine50", ChainSampler::new, cosine),
                new Run("chain-linear50", ChainSampler::new, linear));
    }

    /**
     * A deterministic, non-trivial stand-in for a network (not an oracle, so every sampler's arithmetic shows in its
     * output): eps = 1.1 tanh(0.9 x + 0.35 sin(0.13 t + 0.7 i)) + 0.05 cos(0.21 t) + 0.02 k for pixel i of image k.
     * StrictMath, so the stand-in itself is the same on every machine.
     */
    static Denoiser testDenoiser() {
        return new Denoiser() {
            public int height() { return SIZE; }
            public int width() { return SIZE; }
            public int channels() { return 1; }
            public ImageBatch predictNoise(ImageBatch noisy, int[] timesteps) {
                float[] x = noisy.pixels();
                float[] eps = new float[x.length];
                int size = noisy.imageSize();
                for (int i = 0; i < x.length; i++) {
                    int k = i / size;
                    int t = timesteps[k];
                    eps[i] = (float) (1.1 * StrictMath.tanh(0.9 * x[i] + 0.35 * StrictMath.sin(0.13 * t + 0.7 * (i % size)))
                            + 0.05 * StrictMath.cos(0.21 * t) + 0.02 * k);
                }
                return noisy.withPixels(eps);
            }
        };
    }

    /**
     * What one run shows: a line per observer call (its step, total and timestep, and a hash of the bits of both
     * batches), the full bits of both batches at the first two, the middle and the last call, and the output's bits.
     */
    static List<String> record(Run run) {
        SplittableRandom random = new SplittableRandom(SEED);
        ImageBatch noise = SampleNoise.gaussian(COUNT, SIZE, SIZE, 1, random);
        Sampler sampler = run.sampler().get();
        NoiseSchedule schedule = run.schedule().get();
        int total = sampler.steps(schedule);
        List<String> calls = new ArrayList<>();
        List<String> frames = new ArrayList<>();
        ImageBatch output = sampler.sample(testDenoiser(), schedule, noise, random, (step, totalSteps, t, noisy, predicted) -> {
            calls.add(String.format(Locale.ROOT, "call %d %d %d %08x %08x", step, totalSteps, t,
                    Arrays.hashCode(bits(noisy)), Arrays.hashCode(bits(predicted))));
            if (step <= 1 || step == total / 2 || step == total - 1) {
                frames.add("frame " + step + " noisy " + hex(noisy));
                frames.add("frame " + step + " predicted " + hex(predicted));
            }
        });
        List<String> lines = new ArrayList<>();
        lines.add("run " + run.name());
        lines.addAll(calls);
        lines.addAll(frames);
        lines.add("output " + hex(output));
        return lines;
    }

    /** Every run's record after a header naming the architecture, whose Math.log and Math.pow gave these bits. */
    static List<String> recordAll() {
        List<String> lines = new ArrayList<>();
        lines.add("# Exact float bits of the samplers (see SamplerGolden); regenerate only on purpose.");
        lines.add("arch " + System.getProperty("os.arch"));
        for (Run run : runs()) {
            lines.addAll(record(run));
        }
        return lines;
    }

    static int[] bits(ImageBatch images) {
        float[] pixels = images.pixels();
        int[] bits = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            bits[i] = Float.floatToIntBits(pixels[i]);
        }
        return bits;
    }

    private static String hex(ImageBatch images) {
        StringBuilder text = new StringBuilder();
        for (int value : bits(images)) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(String.format(Locale.ROOT, "%08x", value));
        }
        return text.toString();
    }

    /** Writes the golden file to the path given (the resource in core/src/test/resources). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SamplerGolden <path of " + RESOURCE + ">");
        }
        Files.write(Path.of(args[0]), recordAll(), StandardCharsets.UTF_8);
        System.out.println("wrote " + args[0]);
    }
}
