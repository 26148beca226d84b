package org.mlops4j.monitoring;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The scores and predicted class of an open window's answers, kept for its performance estimate
 * ({@link PerformanceEstimation}). Up to {@code maxRows} rows are kept as they come (arrays grown
 * by doubling from at most 1,024 rows); beyond, a uniform reservoir sample (Algorithm R) of
 * {@code maxRows} rows. Memory: {@code maxRows * (width + 1)} doubles and ints at most, per key.
 * Not thread-safe: the window's lock guards it, as it guards the window.
 */
final class ScoreBuffer {

    /** A window of a monitor that does not estimate: keeps nothing. */
    static final ScoreBuffer NONE = new ScoreBuffer();

    private final Estimator estimator;
    private final SplittableRandom random;
    private final int width;
    private final int initial;
    private final double[] row;
    private double[] scores;
    private int[] predicted;
    private int rows;
    private long seen;
    private long skipped;

    private ScoreBuffer() {
        this.estimator = null;
        this.random = null;
        this.width = 0;
        this.initial = 0;
        this.row = null;
    }

    ScoreBuffer(Estimator estimator, int windowSize, long seed) {
        this.estimator = estimator;
        this.random = new SplittableRandom(seed);
        this.width = estimator.width();
        this.initial = Math.min(estimator.maxRows, Math.min(windowSize, 1024));
        this.row = new double[width];
        reset();
    }

    private void reset() {
        scores = new double[initial * width];
        predicted = new int[initial];
        rows = 0;
        seen = 0;
        skipped = 0;
    }

    /**
     * Adds an answer of the model (not a fallback's, not a failure).
     *
     * @return false when its scores could not be read (missing or out of range: left out and counted
     *     in the window's {@link WindowScores#skipped()})
     * @throws RuntimeException what the score function threw, after the answer is counted as skipped
     */
    boolean add(Object output, String label) {
        if (estimator == null) {
            return true;
        }
        int cls;
        try {
            cls = estimator.read(output, label, row);
        } catch (RuntimeException e) {
            skipped++;
            throw e;
        }
        if (cls == Estimator.UNREADABLE) {
            skipped++;
            return false;
        }
        seen++;
        int slot;
        if (rows < estimator.maxRows) {
            if (rows == predicted.length) {
                int next = Math.min(estimator.maxRows, rows * 2);
                predicted = Arrays.copyOf(predicted, next);
                scores = Arrays.copyOf(scores, next * width);
            }
            slot = rows++;
        } else {
            long j = random.nextLong(seen);
            if (j >= rows) {
                return true;
            }
            slot = (int) j;
        }
        predicted[slot] = cls;
        System.arraycopy(row, 0, scores, slot * width, width);
        return true;
    }

    /** Hands the window's rows over and starts the next window's. */
    WindowScores take() {
        if (estimator == null) {
            return WindowScores.NONE;
        }
        WindowScores taken = new WindowScores(scores, predicted, rows, seen, skipped);
        reset();
        return taken;
    }

    /**
     * A closed window's rows, owned by the closed window alone.
     *
     * @param scores {@code rows * width} scores
     * @param predicted the predicted class of each row
     * @param rows rows kept (at most the estimation's maxRows)
     * @param seen answers whose scores were read, kept or not
     * @param skipped answers whose scores could not be read
     */
    record WindowScores(double[] scores, int[] predicted, int rows, long seen, long skipped) {
        static final WindowScores NONE = new WindowScores(new double[0], new int[0], 0, 0, 0);
    }
}
