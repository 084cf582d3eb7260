package org.diffusion4j.api;

/**
 * Which classes a conditional run is asked for when it is evaluated. The generated images are scored against real ones; if
 * the two follow different class mixes, the Fréchet distance measures the mismatch of the mixes as much as the images
 * (on a folder whose largest class held 60% of the images, asking for the classes in turn doubled the distance).
 */
public enum ClassMix {
    /** The classes in the proportions of the real images scored against (the default): the held-out images, or MNIST's test set. */
    REFERENCE("the classes in the proportions of the reference images"),
    /** Every class the same share, the classes taking turns: per-class figures with equal weight, at the cost of the distance. */
    BALANCED("every class the same share");

    private final String description;

    ClassMix(String description) {
        this.description = description;
    }

    /** How a report and the command line say which mix was asked for. */
    public String description() {
        return description;
    }

    /** {@code count} labels in this mix, given how many reference images each class has. */
    int[] labels(int count, int[] referenceCounts) {
        if (this == REFERENCE) {
            return Conditioning.proportionalLabels(count, referenceCounts);
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % referenceCounts.length;
        }
        return labels;
    }
}
