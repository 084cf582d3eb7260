package org.diffusion4j.core.samplers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.diffusion4j.core.images.GifAnimation;
import org.diffusion4j.core.images.ImageBatch;

/**
 * Records how the images develop during sampling, for animations: every {@code every}-th step and at
 * the last step it keeps copies of the first {@code maxImages} noisy images x_t and of their clean-image
 * estimates. Copies, because samplers reuse the batches they show.
 */
public final class Trajectory implements SamplingObserver {

    /** One recorded step. */
    public record Frame(int stepIndex, int timestep, ImageBatch noisyImages, ImageBatch predictedImages) {
    }

    private final int every;
    private final int maxImages;
    private final List<Frame> frames = new ArrayList<>();

    public Trajectory(int every, int maxImages) {
        if (every < 1) {
            throw new IllegalArgumentException("record every k-th step needs k >= 1, got " + every);
        }
        if (maxImages < 1) {
            throw new IllegalArgumentException("need to record at least 1 image, got " + maxImages);
        }
        this.every = every;
        this.maxImages = maxImages;
    }

    @Override
    public void onStep(int stepIndex, int totalSteps, int timestep, ImageBatch noisyImages, ImageBatch predictedImages) {
        if (stepIndex % every == 0 || stepIndex == totalSteps - 1) {
            int kept = Math.min(maxImages, noisyImages.count());
            frames.add(new Frame(stepIndex, timestep, noisyImages.slice(0, kept), predictedImages.slice(0, kept)));
        }
    }

    public List<Frame> frames() {
        return Collections.unmodifiableList(frames);
    }

    public List<ImageBatch> noisyFrames() {
        return frames.stream().map(Frame::noisyImages).toList();
    }

    public List<ImageBatch> predictedFrames() {
        return frames.stream().map(Frame::predictedImages).toList();
    }

    /**
     * An animated GIF of the recorded steps: the noisy images on the left, their clean-image estimates
     * on the right.
     */
    public void writeGif(Path file, int columns, int delayMillis, int scale, boolean loop) {
        GifAnimation.writeSideBySide(noisyFrames(), predictedFrames(), columns, file, delayMillis, scale, loop);
    }

    public int every() {
        return every;
    }

    public int maxImages() {
        return maxImages;
    }
}
