package org.diffusion4j.training;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.diffusion4j.datasets.Permutations;

/**
 * Epoch orders that give each class a share of the batches set by its size raised to a power, for folders whose classes
 * differ several-fold in size: with balance 0 each class keeps its own share (a plain shuffle), with balance 1 every
 * class gets the same share, and in between a class of n images gets a share proportional to n^(1 - balance). A class
 * given more slots than it has images goes through its images again, each pass in a new order; an order has as many
 * entries as the data set, so an epoch keeps its length and a run its step count. Each order depends on the seed and
 * the epoch only, so a resumed run replays it.
 */
final class ClassBalancedOrder {

    private final int[][] members;
    private final int[] slots;
    private final int size;

    /**
     * @param labels  the class of each image
     * @param balance 0 (the data's own mix) to 1 (every class alike)
     */
    ClassBalancedOrder(int[] labels, double balance) {
        if (!(balance >= 0 && balance <= 1)) {
            throw new IllegalArgumentException("class balance must be in [0, 1] (0: the folder's own mix, 1: every class alike), got "
                    + balance);
        }
        int classes = Arrays.stream(labels).max().orElse(-1) + 1;
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        members = new int[classes][];
        int[] filled = new int[classes];
        for (int c = 0; c < classes; c++) {
            members[c] = new int[counts[c]];
        }
        for (int i = 0; i < labels.length; i++) {
            members[labels[i]][filled[labels[i]]++] = i;
        }
        size = labels.length;
        slots = slotsPerClass(counts, balance, size);
    }

    /** How many entries of an epoch each class gets: shares rounded by largest remainder so they sum to {@code total}. */
    static int[] slotsPerClass(int[] counts, double balance, int total) {
        double[] weights = new double[counts.length];
        double sum = 0;
        for (int c = 0; c < counts.length; c++) {
            weights[c] = counts[c] == 0 ? 0 : Math.pow(counts[c], 1 - balance);
            sum += weights[c];
        }
        int[] slots = new int[counts.length];
        double[] remainders = new double[counts.length];
        int given = 0;
        for (int c = 0; c < counts.length; c++) {
            double exact = total * weights[c] / sum;
            slots[c] = (int) Math.floor(exact);
            remainders[c] = exact - slots[c];
            given += slots[c];
        }
        for (; given < total; given++) {
            int best = 0;
            for (int c = 1; c < counts.length; c++) {
                if (remainders[c] > remainders[best]) {
                    best = c;
                }
            }
            slots[best]++;
            remainders[best] = -1;
        }
        return slots;
    }

    /** The order of one epoch's images. */
    int[] order(long seed, int epoch) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] order = new int[size];
        int next = 0;
        for (int c = 0; c < members.length; c++) {
            int[] pass = null;
            for (int k = 0; k < slots[c]; k++) {
                int inPass = k % members[c].length;
                if (inPass == 0) {
                    pass = Permutations.shuffled(members[c].length, random);
                }
                order[next++] = members[c][pass[inPass]];
            }
        }
        int[] mixed = Permutations.shuffled(size, random);
        int[] result = new int[size];
        for (int i = 0; i < size; i++) {
            result[i] = order[mixed[i]];
        }
        return result;
    }
}
