package org.mlops4j.monitoring.review;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.review.ReviewFigures;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.alert.MetricSample;

/**
 * One reading of a human-review queue by a {@link ReviewMonitor}: the store's {@link ReviewFigures}
 * and what changed since the monitor's previous reading of the same queue (the <em>period</em>,
 * from {@link #since()} to {@link ReviewFigures#at()}).
 *
 * <p>The period figures are differences of the store's counts between two readings. They are
 * unknown ({@code -1}) at the first reading of a queue, which has no period, and when a count went
 * down between two readings: the store's counts are of the rows it holds, and
 * {@code ReviewStore.purge} removes old resolved and expired rows, so a purge inside a period hides
 * how many items that period resolved or expired. Expired items and resolved items are judged
 * apart: a drop of the expired count leaves the resolved figures known, and the reverse.
 *
 * @param endpoint the endpoint the queue serves, the {@code endpoint} of the alert samples; not blank
 * @param figures the store's figures of the queue at this reading
 * @param since when the previous reading of the queue was taken; empty at the first reading
 * @param expiredInPeriod items that expired unreviewed during the period; {@code -1} when unknown
 * @param resolvedInPeriod items a reviewer resolved during the period; {@code -1} when unknown
 * @param agreedInPeriod of those, items whose reviewer agreed with the model; {@code -1} exactly when
 *     {@code resolvedInPeriod} is
 */
public record ReviewReading(String endpoint, ReviewFigures figures, Optional<Instant> since, long expiredInPeriod,
                            long resolvedInPeriod, long agreedInPeriod) {

    /**
     * Validates the reading.
     *
     * @param endpoint the endpoint the queue serves; not blank
     * @param figures the store's figures of the queue at this reading
     * @param since when the previous reading was taken; empty at the first reading
     * @param expiredInPeriod items that expired during the period; {@code -1} when unknown
     * @param resolvedInPeriod items resolved during the period; {@code -1} when unknown
     * @param agreedInPeriod of those, items whose reviewer agreed with the model; {@code -1} exactly
     *     when {@code resolvedInPeriod} is
     * @throws NullPointerException if a reference is null
     * @throws IllegalArgumentException if {@code endpoint} is blank, {@code since} is after the
     *     figures' time, a count is below {@code -1}, or the agreed count is above the resolved one
     *     or known when it is not; the message names the component and its value
     */
    public ReviewReading {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint must not be blank but was '" + endpoint + "'");
        }
        Objects.requireNonNull(figures, "figures");
        Objects.requireNonNull(since, "since");
        if (since.isPresent() && since.get().isAfter(figures.at())) {
            throw new IllegalArgumentException("since must not be after the figures' time " + figures.at()
                    + " but was " + since.get());
        }
        atLeastMinusOne(expiredInPeriod, "expiredInPeriod");
        atLeastMinusOne(resolvedInPeriod, "resolvedInPeriod");
        atLeastMinusOne(agreedInPeriod, "agreedInPeriod");
        if ((resolvedInPeriod < 0) != (agreedInPeriod < 0) || agreedInPeriod > resolvedInPeriod) {
            throw new IllegalArgumentException("agreedInPeriod must be in [0, resolvedInPeriod " + resolvedInPeriod
                    + "] (or -1 with it) but was " + agreedInPeriod);
        }
    }

    /**
     * The first reading of a queue: no period, so every period figure is unknown.
     *
     * @param endpoint the endpoint the queue serves
     * @param figures the store's figures
     * @return the reading
     * @throws IllegalArgumentException if {@code endpoint} is blank
     */
    public static ReviewReading first(String endpoint, ReviewFigures figures) {
        return new ReviewReading(endpoint, figures, Optional.empty(), -1, -1, -1);
    }

    /**
     * The reading that follows this one: the period runs from this reading's time to the newer
     * figures' time, and each period figure is the newer count minus this one's, or {@code -1} when
     * the count went down (a purge; see the class comment).
     *
     * @param newer the store's figures of the same queue, taken after this reading
     * @return the next reading, for the same endpoint
     * @throws IllegalArgumentException if {@code newer} is of another queue or older than this reading
     */
    public ReviewReading next(ReviewFigures newer) {
        Objects.requireNonNull(newer, "newer");
        if (!newer.queue().equals(figures.queue())) {
            throw new IllegalArgumentException("newer must be figures of queue '" + figures.queue() + "' but was of '"
                    + newer.queue() + "'");
        }
        long expired = newer.expired() - figures.expired();
        long resolved = newer.resolved() - figures.resolved();
        long agreed = newer.agreed() - figures.agreed();
        // agreed <= resolved with agreed >= 0 implies resolved >= 0.
        boolean resolvedKnown = agreed >= 0 && agreed <= resolved;
        return new ReviewReading(endpoint, newer, Optional.of(figures.at()), Math.max(expired, -1),
                resolvedKnown ? resolved : -1, resolvedKnown ? agreed : -1);
    }

    /** @return the queue read */
    public String queue() {
        return figures.queue();
    }

    /** @return when the store's figures were taken */
    public Instant at() {
        return figures.at();
    }

    /** @return the median age of the waiting items, seconds; 0 when none waits */
    public double ageP50Seconds() {
        return seconds(figures.ageP50());
    }

    /** @return the 99th percentile age of the waiting items, seconds; 0 when none waits */
    public double ageP99Seconds() {
        return seconds(figures.ageP99());
    }

    /**
     * The share of the items resolved during the period whose reviewer agreed with the model's
     * answer: {@code agreedInPeriod / resolvedInPeriod}.
     *
     * @return the rate in [0, 1]; NaN when the period resolved nothing or its figures are unknown
     */
    public double agreementRate() {
        return resolvedInPeriod > 0 ? (double) agreedInPeriod / resolvedInPeriod : Double.NaN;
    }

    /**
     * The share of all the resolved items the store holds whose reviewer agreed with the model
     * ({@link ReviewFigures#agreementRate()}).
     *
     * @return the rate in [0, 1]; NaN when the store holds no resolved item
     */
    public double cumulativeAgreementRate() {
        return figures.agreementRate();
    }

    /**
     * The figures as alert samples, one per {@link MetricName} {@code mlops.review.*}, stamped with
     * the figures' time, for this reading's endpoint and no model (a queue mixes model versions).
     * An unknown period figure and an undefined rate are NaN, which alert rules ignore.
     *
     * @return the samples: queue depth, claimed, age p50 and p99 in seconds, expired in the period
     *     and in all, resolved and agreed in all, agreement rate of the period and cumulative
     */
    public List<MetricSample> toSamples() {
        return List.of(
                sample(MetricName.REVIEW_QUEUE_DEPTH, figures.pending()),
                sample(MetricName.REVIEW_CLAIMED, figures.claimed()),
                sample(MetricName.REVIEW_AGE_P50, ageP50Seconds()),
                sample(MetricName.REVIEW_AGE_P99, ageP99Seconds()),
                sample(MetricName.REVIEW_EXPIRED_PERIOD, expiredInPeriod < 0 ? Double.NaN : expiredInPeriod),
                sample(MetricName.REVIEW_EXPIRED, figures.expired()),
                sample(MetricName.REVIEW_RESOLVED, figures.resolved()),
                sample(MetricName.REVIEW_AGREED, figures.agreed()),
                sample(MetricName.REVIEW_AGREEMENT_RATIO, agreementRate()),
                sample(MetricName.REVIEW_AGREEMENT_CUMULATIVE_RATIO, cumulativeAgreementRate()));
    }

    /**
     * Describes the period, as the alert samples' window: {@code review queue fraud, <since>/<at>},
     * or {@code review queue fraud, at <at>} for a first reading.
     *
     * @return the description
     */
    public String window() {
        return "review queue " + queue() + ", " + since.map(s -> s + "/" + at()).orElse("at " + at());
    }

    /**
     * Converts a duration to seconds with nanosecond precision, for any duration (no overflow).
     *
     * @param d the duration
     * @return the seconds
     */
    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    private MetricSample sample(MetricName name, double value) {
        return new MetricSample(name.key(), value, at(), endpoint, "", window(), List.of());
    }

    private static void atLeastMinusOne(long value, String name) {
        if (value < -1) {
            throw new IllegalArgumentException(name + " must be >= 0, or -1 when unknown, but was " + value);
        }
    }
}
