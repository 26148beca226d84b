package org.mlops4j.serving;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link HumanReviewStrategy} does with a prediction to review when its {@link ReviewQueue}
 * is full. Whichever it is, the prediction is counted ({@link HumanReviewStats}), never dropped
 * silently.
 *
 * @param action what to do
 * @param bound how long {@link Action#BLOCK} waits for room at most; zero for the other actions
 */
public record QueueFullPolicy(Action action, Duration bound) {

    /** The three ways to handle a full queue. */
    public enum Action {
        /** The item is not queued; the caller gets what it would have got (the interim answer when deferred). */
        REJECT_NEW,
        /** The item is not queued and the caller gets the model's answer instead of the interim one. */
        ANSWER_BY_MODEL,
        /**
         * The serving thread waits up to the bound for room (the caller's latency grows by up to the
         * bound); when none comes, as {@link #REJECT_NEW}.
         */
        BLOCK
    }

    /**
     * Validates the policy.
     *
     * @param action what to do
     * @param bound how long {@link Action#BLOCK} waits for room at most; zero for the other actions
     * @throws IllegalArgumentException if a blocking bound is not positive, or another action has one
     */
    public QueueFullPolicy {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(bound, "bound");
        if (action == Action.BLOCK && (bound.isNegative() || bound.isZero())) {
            throw new IllegalArgumentException("bound of a blocking queue-full policy must be positive but was "
                    + bound);
        }
        if (action != Action.BLOCK && !bound.isZero()) {
            throw new IllegalArgumentException("bound must be zero for " + action + " but was " + bound);
        }
    }

    /** @return refuse the new item; the caller gets the interim answer (the default) */
    public static QueueFullPolicy rejectNew() {
        return new QueueFullPolicy(Action.REJECT_NEW, Duration.ZERO);
    }

    /** @return refuse the new item; the caller gets the model's answer */
    public static QueueFullPolicy answerByModel() {
        return new QueueFullPolicy(Action.ANSWER_BY_MODEL, Duration.ZERO);
    }

    /**
     * @param bound how long the serving thread waits for room at most, positive
     * @return wait for room, then refuse as {@link #rejectNew()}
     * @throws IllegalArgumentException if the bound is not positive
     */
    public static QueueFullPolicy block(Duration bound) {
        return new QueueFullPolicy(Action.BLOCK, bound);
    }
}
