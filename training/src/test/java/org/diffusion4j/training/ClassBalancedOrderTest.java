package org.diffusion4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClassBalancedOrderTest {

    /** 10 images of class 0, then 40 of class 1. */
    private static int[] labels() {
        int[] labels = new int[50];
        Arrays.fill(labels, 10, 50, 1);
        return labels;
    }

    @Test
    void balanceZeroVisitsEveryImageOnce() {
        int[] order = new ClassBalancedOrder(labels(), 0).order(3, 0);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void balanceOneGivesEveryClassTheSameShareAndSpreadsRepeats() {
        int[] labels = labels();
        int[] order = new ClassBalancedOrder(labels, 1).order(3, 0);
        assertEquals(50, order.length);
        int[] perClass = new int[2];
        int[] perImage = new int[50];
        for (int image : order) {
            perClass[labels[image]]++;
            perImage[image]++;
        }
        assertArrayEquals(new int[] {25, 25}, perClass);
        // 25 slots over 10 images: two full passes and half of a third, so each small-class image comes 2 or 3 times.
        for (int image = 0; image < 10; image++) {
            assertTrue(perImage[image] == 2 || perImage[image] == 3, "image " + image + " came " + perImage[image] + " times");
        }
    }

    @Test
    void sharesFollowTheClassSizeToThePowerOneMinusBalance() {
        // Weights sqrt(100) = 10 and sqrt(400) = 20: a third and two thirds of 500 slots, rounded by largest remainder.
        assertArrayEquals(new int[] {167, 333}, ClassBalancedOrder.slotsPerClass(new int[] {100, 400}, 0.5, 500));
        assertArrayEquals(new int[] {100, 400}, ClassBalancedOrder.slotsPerClass(new int[] {100, 400}, 0, 500));
        assertEquals(7, Arrays.stream(ClassBalancedOrder.slotsPerClass(new int[] {1, 2, 4}, 1, 7)).sum());
    }

    @Test
    void anOrderDependsOnSeedAndEpochOnly() {
        ClassBalancedOrder orders = new ClassBalancedOrder(labels(), 0.7);
        assertArrayEquals(orders.order(5, 2), new ClassBalancedOrder(labels(), 0.7).order(5, 2));
        assertFalse(Arrays.equals(orders.order(5, 2), orders.order(5, 3)));
        assertFalse(Arrays.equals(orders.order(5, 2), orders.order(6, 2)));
    }

    @Test
    void aBalanceOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClassBalancedOrder(labels(), 1.5));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().classBalance(-0.1).build());
    }
}
