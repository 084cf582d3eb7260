package org.diffusion4j.datasets;

/** The two halves MNIST-format data sets ship as; the prefix is the one in the original file names. */
public enum Split {
    TRAIN("train"),
    TEST("t10k");

    private final String filePrefix;

    Split(String filePrefix) {
        this.filePrefix = filePrefix;
    }

    public String filePrefix() {
        return filePrefix;
    }
}
