package org.diffusion4j.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.diffusion4j.datasets.DownloadProgress;

/** Renders download progress, one bar per file. */
final class DownloadBar implements DownloadProgress, AutoCloseable {

    private final boolean quiet;
    private ProgressBar bar;
    private String file;

    DownloadBar(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    public void update(String name, long bytes, long total) {
        if (quiet) {
            return;
        }
        if (!name.equals(file)) {
            close();
            file = name;
            bar = new ProgressBarBuilder().setTaskName("download " + name).setInitialMax(Math.max(total, 1))
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" kB", 1024).build();
        }
        bar.stepTo(bytes);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
