package org.diffusion4j.datasets;

/** Told how far a download has come, so the CLI can draw a bar; {@code total} is -1 when the server does not say. */
@FunctionalInterface
public interface DownloadProgress {

    DownloadProgress NONE = (file, bytes, total) -> { };

    void update(String file, long bytes, long total);
}
