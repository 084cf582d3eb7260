package org.diffusion4j.datasets;

/** The two disjoint parts of a seeded hold-out split. */
public record TrainValidationSplit(MnistDataset train, MnistDataset validation) {
}
