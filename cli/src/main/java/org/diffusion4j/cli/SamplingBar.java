package org.diffusion4j.cli;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.diffusion4j.api.GeneratedImages;
import org.diffusion4j.core.pipelines.SamplingPipeline.BatchProgress;
import org.diffusion4j.core.samplers.SamplerSpec;

/** The progress bar of a generation and the line that closes it: what `sample` and `evaluate` print while drawing images. */
final class SamplingBar implements AutoCloseable {

    private final ProgressBar bar;

    /** A bar over the images of a generation (its length set by the first batch), or none when {@code quiet}. */
    SamplingBar(boolean quiet, SamplerSpec sampler) {
        this.bar = quiet ? null : new ProgressBarBuilder().setTaskName("sample " + sampler.name()).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" images", 1).build();
    }

    BatchProgress progress() {
        return (done, total) -> {
            if (bar != null) {
                bar.maxHint(total);
                bar.stepTo(done);
            }
        };
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** "ddpm, guidance 3.0: 64 images in 12.3 s". */
    static void printDone(SamplerSpec sampler, GeneratedImages images) {
        System.out.printf(Locale.ROOT, "%s%s: %d images in %.1f s%n", sampler.name(),
                images.conditioning() == null ? "" : ", guidance " + images.conditioning().scale(), images.count(), images.seconds());
    }
}
