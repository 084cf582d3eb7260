package org.diffusion4j.bench;

/** Runs a piece of work a few times unmeasured (JIT, TensorFlow's lazy kernel set-up), then times it. */
public final class RepeatedTiming {

    private RepeatedTiming() {
    }

    /** Seconds taken by each of {@code repeats} timed runs after {@code warmups} untimed ones. */
    public static Stats seconds(int warmups, int repeats, Runnable work) {
        if (warmups < 0 || repeats < 1) {
            throw new IllegalArgumentException("need warm-ups >= 0 and repeats >= 1, got " + warmups + " and " + repeats);
        }
        for (int i = 0; i < warmups; i++) {
            work.run();
        }
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            work.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        return Stats.of(seconds);
    }
}
