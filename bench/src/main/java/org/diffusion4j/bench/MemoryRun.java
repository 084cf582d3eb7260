package org.diffusion4j.bench;

import java.util.List;

/**
 * Memory over a long sampling run, one point per batch. RSS includes the Java heap, which grows until
 * the collector settles on a size; the heap figure beside it tells that growth apart from native memory.
 *
 * @param rssGrowthKib RSS after the last batch minus RSS after the first tenth of the batches: about 0
 *                     when memory is flat once warmed up
 */
public record MemoryRun(String sampler, int images, int batchSize, double seconds, List<Point> afterEachBatch,
                        long rssGrowthKib) {

    /** Memory after a batch. */
    public record Point(int imagesDone, long rssKib, long javaHeapCommittedKib) {
    }

    public MemoryRun {
        afterEachBatch = List.copyOf(afterEachBatch);
    }

    static MemoryRun of(String sampler, int images, int batchSize, double seconds, List<Point> points) {
        long growth = 0;
        if (points.size() > 1 && points.get(0).rssKib() >= 0) {
            int settled = Math.max(0, (points.size() - 1) / 10);
            growth = points.get(points.size() - 1).rssKib() - points.get(settled).rssKib();
        }
        return new MemoryRun(sampler, images, batchSize, seconds, points, growth);
    }
}
