package org.mlops4j.monitoring.review;

import java.time.Duration;
import java.util.Objects;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.monitoring.alert.AlertRule;

/**
 * Ready-made {@link AlertRule}s on the figures a {@link ReviewMonitor} reads from a human-review
 * queue. Each is an ordinary rule: refine it with the {@code with...} methods (hold, clear
 * threshold, severity, cooldown). The kind each alert carries is its metric's
 * {@link MetricName#kind()}: {@link SignalKind#SOFTWARE} for the queue's depth, age and expired
 * items (people cannot keep up: page whoever staffs the queue, retraining would not help), and
 * {@link SignalKind#PERFORMANCE_DROP} for the reviewers' agreement with the model (people correct
 * the model more often: its answers got worse).
 */
public final class ReviewAlerts {

    private ReviewAlerts() {
    }

    /**
     * Fires when more than {@code depth} items wait for a reviewer (metric
     * {@code mlops.review.queue.depth}: pending and claimed items).
     *
     * @param depth the largest acceptable number of waiting items, not negative
     * @return the rule named {@code review-queue-depth}
     * @throws IllegalArgumentException if {@code depth} is negative
     */
    public static AlertRule queueDepthAbove(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0 but was " + depth);
        }
        return AlertRule.above("review-queue-depth", MetricName.REVIEW_QUEUE_DEPTH.key(), depth);
    }

    /**
     * Fires when the 99th percentile age of the waiting items exceeds {@code age} (metric
     * {@code mlops.review.age.p99}, seconds): items wait too long for a reviewer, and callers wait
     * for their answers.
     *
     * @param age the longest acceptable p99 age, positive
     * @return the rule named {@code review-age-p99}
     * @throws IllegalArgumentException if {@code age} is zero or negative
     */
    public static AlertRule ageP99Above(Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("age must be positive but was " + age);
        }
        return AlertRule.above("review-age-p99", MetricName.REVIEW_AGE_P99.key(), ReviewReading.seconds(age));
    }

    /**
     * Fires when the share of items resolved in a reading's period whose reviewer agreed with the
     * model falls below {@code rate} (metric {@code mlops.review.agreement.ratio}). A period that
     * resolved nothing is NaN and changes nothing.
     *
     * @param rate the lowest acceptable agreement, in [0, 1]
     * @return the rule named {@code review-agreement}
     * @throws IllegalArgumentException if {@code rate} is outside [0, 1]
     */
    public static AlertRule agreementBelow(double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("rate must be in [0, 1] but was " + rate);
        }
        return AlertRule.below("review-agreement", MetricName.REVIEW_AGREEMENT_RATIO.key(), rate);
    }

    /**
     * Fires when more than {@code count} items expired unreviewed in a reading's period (metric
     * {@code mlops.review.expired.period}), and resolves at the first period with {@code count} or
     * fewer. {@code expiredAbove(0)} fires on any expired item.
     *
     * @param count the largest acceptable number of items expired in one period, not negative
     * @return the rule named {@code review-expired}
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static AlertRule expiredAbove(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0 but was " + count);
        }
        return AlertRule.above("review-expired", MetricName.REVIEW_EXPIRED_PERIOD.key(), count);
    }
}
