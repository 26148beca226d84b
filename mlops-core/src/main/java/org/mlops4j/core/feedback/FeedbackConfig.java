package org.mlops4j.core.feedback;

/**
 * How a {@link FeedbackJoin} remembers predictions while their feedback is awaited.
 *
 * @param capacity the most recent answered predictions kept; feedback for an older one is not
 *     joined (counted as unmatched, and each prediction forgotten unjoined as evicted); from 1 to
 *     {@link #MAX_CAPACITY}
 * @param keepInputs whether the join keeps each prediction's input (what retraining on labelled
 *     production data needs); off by default because it holds {@code capacity} callers' inputs
 *     alive
 */
public record FeedbackConfig(int capacity, boolean keepInputs) {

    /** The largest capacity: 2^26 (67,108,864) predictions, some 7 GiB of heap without inputs. */
    public static final int MAX_CAPACITY = 1 << 26;

    /**
     * Validates the configuration.
     *
     * @param capacity the most recent answered predictions kept; feedback for an older one is not
     *     joined (counted as unmatched, and each prediction forgotten unjoined as evicted); from 1 to
     *     {@link #MAX_CAPACITY}
     * @param keepInputs whether the join keeps each prediction's input (what retraining on labelled
     *     production data needs); off by default because it holds {@code capacity} callers' inputs
     *     alive
     * @throws IllegalArgumentException if {@code capacity} is below 1 or above {@link #MAX_CAPACITY}
     */
    public FeedbackConfig {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY + " but was " + capacity);
        }
    }

    /** @return 100,000 predictions, inputs not kept */
    public static FeedbackConfig ofDefaults() {
        return new FeedbackConfig(100_000, false);
    }

    /**
     * @param value predictions kept, from 1 to {@link #MAX_CAPACITY}
     * @return a new config
     */
    public FeedbackConfig withCapacity(int value) {
        return new FeedbackConfig(value, keepInputs);
    }

    /**
     * @param value whether inputs are kept
     * @return a new config
     */
    public FeedbackConfig withKeepInputs(boolean value) {
        return new FeedbackConfig(capacity, value);
    }
}
