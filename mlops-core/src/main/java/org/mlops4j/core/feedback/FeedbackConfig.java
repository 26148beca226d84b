package org.mlops4j.core.feedback;

/**
 * How a {@link FeedbackJoin} remembers predictions while their feedback is awaited.
 *
 * @param capacity the most recent answered predictions kept; feedback for an older one is not
 *     joined (counted as unmatched, and each prediction forgotten unjoined as evicted); at least 1
 * @param keepInputs whether the join keeps each prediction's input (what retraining on labelled
 *     production data needs); off by default because it holds {@code capacity} callers' inputs
 *     alive
 */
public record FeedbackConfig(int capacity, boolean keepInputs) {

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException if {@code capacity} is below 1
     */
    public FeedbackConfig {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
    }

    /** @return 100,000 predictions, inputs not kept */
    public static FeedbackConfig ofDefaults() {
        return new FeedbackConfig(100_000, false);
    }

    /** @param value predictions kept, >= 1 @return a new config */
    public FeedbackConfig withCapacity(int value) {
        return new FeedbackConfig(value, keepInputs);
    }

    /** @param value whether inputs are kept @return a new config */
    public FeedbackConfig withKeepInputs(boolean value) {
        return new FeedbackConfig(capacity, value);
    }
}
