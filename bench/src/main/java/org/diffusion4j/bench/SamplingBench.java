package org.diffusion4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.core.samplers.Sampler;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * Times the sampling pipeline end to end, as a user runs it, and splits each run into time inside the
 * denoiser and time outside it.
 */
public final class SamplingBench {

    private final Denoiser denoiser;
    private final NoiseSchedule schedule;
    private final double forwardMegaflopsPerImage;

    /** Times sampling with {@code denoiser}, whose forward pass costs {@code forwardMegaflopsPerImage} per image. */
    public SamplingBench(Denoiser denoiser, NoiseSchedule schedule, double forwardMegaflopsPerImage) {
        this.denoiser = denoiser;
        this.schedule = schedule;
        this.forwardMegaflopsPerImage = forwardMegaflopsPerImage;
    }

    /**
     * Warm-ups generate one batch each (the denoiser is already warm from the forward timing; this warms
     * the sampler's Java code). Each repetition generates {@code count} images.
     */
    public SamplingResult measure(Sampler sampler, int count, int batchSize, int warmups, int repeats) {
        TimingDenoiser timed = new TimingDenoiser(denoiser);
        SamplingPipeline pipeline = new SamplingPipeline(timed, schedule, sampler);
        for (int i = 0; i < warmups; i++) {
            pipeline.generate(Math.min(count, batchSize), batchSize, i, SamplingObserver.NONE, SamplingPipeline.BatchProgress.NONE);
        }
        double[] imagesPerSecond = new double[repeats];
        double[] percentOutside = new double[repeats];
        List<Long> rss = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            rss.clear();
            timed.reset();
            long start = System.nanoTime();
            pipeline.generate(count, batchSize, 1000 + r, SamplingObserver.NONE,
                    (done, total) -> rss.add(ProcessMemory.residentKib()));
            double seconds = (System.nanoTime() - start) / 1e9;
            imagesPerSecond[r] = count / seconds;
            percentOutside[r] = 100 * Math.max(0, seconds - timed.insideSeconds()) / seconds;
        }
        int calls = sampler.steps(schedule);
        Stats rate = Stats.of(imagesPerSecond);
        return SamplingResult.builder().sampler(sampler.name() + "-" + calls).denoiserCalls(calls).images(count).batchSize(batchSize)
                .imagesPerSecond(rate).percentOutsideDenoiser(Stats.of(percentOutside))
                .gflopsPerSecond(rate.median() * calls * forwardMegaflopsPerImage / 1e3).rssAfterEachBatchKib(rss).build();
    }
}
