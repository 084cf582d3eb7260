package org.diffusion4j.core.editing;

import org.diffusion4j.core.pipelines.SamplingPipeline.BatchProgress;
import org.diffusion4j.core.samplers.SamplingObserver;

/**
 * How an edit runs through its images: {@code batchSize} at a time, each batch drawing its noise from its own generator
 * split off {@code seed} (so the output depends on the seed and the batch size only, as generation's does), the first
 * batch shown to {@code firstBatchObserver}, and {@code progress} told after each batch.
 */
public record Batching(int batchSize, long seed, SamplingObserver firstBatchObserver, BatchProgress progress) {

    public Batching {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("the batch size must be positive, got " + batchSize);
        }
    }

    /** Batches of {@code batchSize}, seeded, with nobody watching. */
    public static Batching of(int batchSize, long seed) {
        return new Batching(batchSize, seed, SamplingObserver.NONE, BatchProgress.NONE);
    }
}
