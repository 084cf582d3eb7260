package org.diffusion4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianQuartilesAndRangeOfUnsortedValues() {
        Stats s = Stats.of(new double[] {5, 1, 4, 2, 3});
        assertEquals(3, s.median());
        assertEquals(2, s.lowerQuartile());
        assertEquals(4, s.upperQuartile());
        assertEquals(1, s.min());
        assertEquals(5, s.max());
    }

    @Test
    void secondsBecomeRatesWithTheBoundsSwapped() {
        Stats rate = Stats.of(new double[] {0.5, 1, 2}).mapDecreasing(seconds -> 10 / seconds);
        assertEquals(10, rate.median());
        assertEquals(5, rate.min());
        assertEquals(20, rate.max());
    }
}
