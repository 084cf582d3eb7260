package org.diffusion4j.data;

/** The two disjoint parts of a seeded hold-out split. */
public record TrainValidationSplit(MnistDataset train, MnistDataset validation) {
}
