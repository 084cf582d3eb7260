package org.diffusion4j.models.runs;

/**
 * Which images a run trains on, saved beside its configuration so that a resumed run splits and shuffles
 * the same images instead of whatever the resuming command line would pick by default.
 *
 * @param dataset the data set's name (mnist or fashion-mnist)
 * @param imageLimit the first N training images only (0: all of them)
 */
public record DataSpec(String dataset, int imageLimit) {
}
