package org.diffusion4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.diffusion4j.core.denoisers.Denoiser;
import org.diffusion4j.core.pipelines.SamplingPipeline;
import org.diffusion4j.core.samplers.Sampler;
import org.diffusion4j.core.samplers.SamplingObserver;
import org.diffusion4j.core.schedules.NoiseSchedule;

/**
 * A long sampling run that records memory after every batch, to show that sampling many images runs in
 * flat memory. Each batch is generated and dropped, so the only memory that can grow is what leaks: the
 * pipeline's single-call form would keep every image, whose array alone grows RSS as it fills.
 */
public final class MemoryBench {

    private MemoryBench() {
    }

    public static MemoryRun run(Denoiser denoiser, NoiseSchedule schedule, Sampler sampler, int images, int batchSize) {
        SamplingPipeline pipeline = new SamplingPipeline(denoiser, schedule, sampler);
        List<MemoryRun.Point> points = new ArrayList<>();
        long start = System.nanoTime();
        for (int done = 0; done < images; ) {
            int n = Math.min(batchSize, images - done);
            pipeline.generate(n, batchSize, done, SamplingObserver.NONE, SamplingPipeline.BatchProgress.NONE);
            done += n;
            points.add(new MemoryRun.Point(done, ProcessMemory.residentKib(), ProcessMemory.javaHeapCommittedKib()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return MemoryRun.of(sampler.name() + "-" + sampler.steps(schedule), images, batchSize, seconds, points);
    }
}
