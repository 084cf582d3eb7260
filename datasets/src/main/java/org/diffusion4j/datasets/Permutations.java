package org.diffusion4j.datasets;

import java.util.random.RandomGenerator;

/** Seeded shuffles of index ranges: data splits, epoch orders and subsets all draw through here. */
public final class Permutations {

    private Permutations() {
    }

    /** 0..size-1 in the order a Fisher-Yates shuffle with {@code random} gives. */
    public static int[] shuffled(int size, RandomGenerator random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
