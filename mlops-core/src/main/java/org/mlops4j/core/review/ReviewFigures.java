package org.mlops4j.core.review;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A review queue's figures at one moment, for monitoring and the back-office UI.
 *
 * <p>Ages are quantiles of the waiting items' ages ({@code at - enqueuedAt}, never negative) by the
 * <em>nearest-rank</em> rule: with the n ages sorted ascending, the q-quantile is the
 * {@code ceil(q * n)}-th (1-based). For ages 1, 2, 3, 4 minutes p50 is 2 minutes and p99 is 4
 * minutes; with one item both are its age; with none both are {@link Duration#ZERO}.
 *
 * @param queue the queue
 * @param at the store's time of the figures
 * @param pending items waiting for a person: {@link ReviewStatus#PENDING} plus {@link ReviewStatus#CLAIMED}
 * @param claimed items under a live claim (included in {@code pending})
 * @param resolved items resolved and not yet purged
 * @param expired items expired (or overdue and not yet marked) and not yet purged
 * @param agreed resolved items whose reviewer agreed with the model
 * @param ageP50 the median age of waiting items (nearest rank), ZERO when none
 * @param ageP99 the 99th percentile age of waiting items (nearest rank), ZERO when none
 */
public record ReviewFigures(String queue, Instant at, int pending, int claimed, long resolved, long expired,
        long agreed, Duration ageP50, Duration ageP99) {

    /**
     * Validates the figures.
     *
     * @param queue the queue
     * @param at the store's time of the figures
     * @param pending items waiting for a person: {@link ReviewStatus#PENDING} plus {@link ReviewStatus#CLAIMED}
     * @param claimed items under a live claim (included in {@code pending})
     * @param resolved items resolved and not yet purged
     * @param expired items expired (or overdue and not yet marked) and not yet purged
     * @param agreed resolved items whose reviewer agreed with the model
     * @param ageP50 the median age of waiting items (nearest rank), ZERO when none
     * @param ageP99 the 99th percentile age of waiting items (nearest rank), ZERO when none
     * @throws IllegalArgumentException naming the field and value when a count is negative or inconsistent
     * @throws NullPointerException when an instant or duration is null
     */
    public ReviewFigures {
        ReviewLimits.checkName("queue", queue);
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(ageP50, "ageP50");
        Objects.requireNonNull(ageP99, "ageP99");
        if (claimed < 0 || claimed > pending) {
            throw new IllegalArgumentException("claimed must be in [0, pending=" + pending + "] but was " + claimed);
        }
        if (resolved < 0 || expired < 0) {
            throw new IllegalArgumentException("resolved and expired must be >= 0 but were " + resolved + ", "
                    + expired);
        }
        if (agreed < 0 || agreed > resolved) {
            throw new IllegalArgumentException("agreed must be in [0, resolved=" + resolved + "] but was " + agreed);
        }
        if (ageP50.isNegative() || ageP99.compareTo(ageP50) < 0) {
            throw new IllegalArgumentException("ages must satisfy 0 <= ageP50 <= ageP99 but were " + ageP50 + ", "
                    + ageP99);
        }
    }

    /**
     * The share of resolved items whose reviewer agreed with the model.
     *
     * @return {@code agreed / resolved}, NaN when nothing was resolved
     */
    public double agreementRate() {
        // agreed <= resolved, so nothing resolved is 0.0 / 0, which is NaN
        return (double) agreed / resolved;
    }

    /**
     * Builds figures from counts and the waiting items' ages (the implementations share it).
     *
     * @param queue the queue
     * @param at the store's time
     * @param claimed items under a live claim
     * @param resolved resolved items
     * @param expired expired items
     * @param agreed resolved items agreeing with the model
     * @param waitingAges the ages of all waiting items (any order; its length is {@code pending})
     * @return the figures with nearest-rank p50 and p99
     */
    public static ReviewFigures of(String queue, Instant at, int claimed, long resolved, long expired, long agreed,
            Duration[] waitingAges) {
        Duration[] sorted = waitingAges.clone();
        Arrays.sort(sorted);
        return new ReviewFigures(queue, at, sorted.length, claimed, resolved, expired, agreed,
                nearestRank(sorted, 50), nearestRank(sorted, 99));
    }

    /**
     * The nearest-rank percentile of ascending values: the {@code ceil(percent * n / 100)}-th
     * (integer arithmetic, so no rounding error), ZERO when empty.
     *
     * @param ascending the values, sorted ascending
     * @param percent the percentile, in [1, 100]
     * @return the percentile
     */
    static Duration nearestRank(Duration[] ascending, int percent) {
        if (ascending.length == 0) {
            return Duration.ZERO;
        }
        long rank = ((long) percent * ascending.length + 99) / 100;
        return ascending[(int) rank - 1];
    }
}
