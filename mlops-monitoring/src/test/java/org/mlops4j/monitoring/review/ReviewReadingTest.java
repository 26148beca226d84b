package org.mlops4j.monitoring.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.review.ReviewFigures;
import org.mlops4j.monitoring.alert.MetricSample;

class ReviewReadingTest {

    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    private static ReviewFigures figures(Instant at, long resolved, long expired, long agreed) {
        return new ReviewFigures("fraud", at, 3, 1, resolved, expired, agreed, Duration.ofSeconds(90),
                Duration.ofMillis(300_250));
    }

    @Test
    void theNextReadingSubtractsEachCountOverThePeriod() {
        ReviewReading first = ReviewReading.first("fraud", figures(T0, 10, 2, 9));

        ReviewReading next = first.next(figures(T0.plusSeconds(60), 14, 5, 12));

        assertThat(next.since()).contains(T0);
        assertThat(next.at()).isEqualTo(T0.plusSeconds(60));
        assertThat(next.expiredInPeriod()).isEqualTo(3);
        assertThat(next.resolvedInPeriod()).isEqualTo(4);
        assertThat(next.agreedInPeriod()).isEqualTo(3);
        assertThat(next.agreementRate()).isEqualTo(0.75);
        assertThat(next.cumulativeAgreementRate()).isEqualTo(12.0 / 14);
        assertThat(next.endpoint()).isEqualTo("fraud");
        assertThat(next.window()).isEqualTo("review queue fraud, 2024-03-01T10:00:00Z/2024-03-01T10:01:00Z");
        assertThat(first.window()).isEqualTo("review queue fraud, at 2024-03-01T10:00:00Z");
    }

    @Test
    void unchangedCountsGiveAZeroPeriodAndNoRate() {
        ReviewReading next = ReviewReading.first("fraud", figures(T0, 10, 2, 9)).next(figures(T0, 10, 2, 9));

        assertThat(next.expiredInPeriod()).isZero();
        assertThat(next.resolvedInPeriod()).isZero();
        assertThat(next.agreedInPeriod()).isZero();
        assertThat(next.agreementRate()).isNaN();
        assertThat(ReviewReadingTest.values(next.toSamples())).containsEntry("mlops.review.expired.period", 0.0);
    }

    @Test
    void aCountThatWentDownMakesOnlyItsOwnPeriodFiguresUnknown() {
        ReviewReading first = ReviewReading.first("fraud", figures(T0, 10, 2, 9));

        ReviewReading expiredPurged = first.next(figures(T0.plusSeconds(1), 11, 1, 10));
        assertThat(expiredPurged.expiredInPeriod()).isEqualTo(-1);
        assertThat(expiredPurged.resolvedInPeriod()).isEqualTo(1);
        assertThat(expiredPurged.agreedInPeriod()).isEqualTo(1);
        assertThat(values(expiredPurged.toSamples()).get("mlops.review.expired.period")).isNaN();

        ReviewReading resolvedPurged = first.next(figures(T0.plusSeconds(1), 9, 3, 8));
        assertThat(resolvedPurged.expiredInPeriod()).isEqualTo(1);
        assertThat(resolvedPurged.resolvedInPeriod()).isEqualTo(-1);
        assertThat(resolvedPurged.agreedInPeriod()).isEqualTo(-1);

        // Resolved grew but agreed shrank (agreeing rows purged, new ones resolved): unknown.
        ReviewReading agreedPurged = first.next(figures(T0.plusSeconds(1), 12, 2, 8));
        assertThat(agreedPurged.resolvedInPeriod()).isEqualTo(-1);
        assertThat(agreedPurged.agreedInPeriod()).isEqualTo(-1);
        assertThat(agreedPurged.agreementRate()).isNaN();

        // Fewer resolved added than agreed added: some disagreeing rows were purged.
        ReviewReading mixed = ReviewReading.first("fraud", figures(T0, 10, 2, 5)).next(figures(T0, 11, 2, 7));
        assertThat(mixed.resolvedInPeriod()).isEqualTo(-1);
        assertThat(mixed.agreedInPeriod()).isEqualTo(-1);
    }

    @Test
    void samplesCarryEveryFigureInSecondsAndRatios() {
        ReviewReading r = ReviewReading.first("fraud-scoring", figures(T0, 10, 2, 9))
                .next(figures(T0.plusSeconds(30), 14, 5, 12));

        List<MetricSample> samples = r.toSamples();

        assertThat(samples).extracting(MetricSample::metric).containsExactly("mlops.review.queue.depth",
                "mlops.review.claimed", "mlops.review.age.p50", "mlops.review.age.p99", "mlops.review.expired.period",
                "mlops.review.expired", "mlops.review.resolved", "mlops.review.agreed", "mlops.review.agreement.ratio",
                "mlops.review.agreement.cumulative.ratio");
        assertThat(samples).extracting(MetricSample::value).containsExactly(3.0, 1.0, 90.0, 300.25, 3.0, 5.0, 14.0,
                12.0, 0.75, 12.0 / 14);
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.endpoint()).isEqualTo("fraud-scoring");
            assertThat(s.timestamp()).isEqualTo(T0.plusSeconds(30));
            assertThat(s.topDriftedFeatures()).isEmpty();
        });
        assertThat(r.ageP50Seconds()).isEqualTo(90.0);
        assertThat(r.ageP99Seconds()).isEqualTo(300.25);
    }

    @Test
    void aFirstReadingHasNoPeriod() {
        ReviewReading first = ReviewReading.first("fraud", figures(T0, 4, 0, 1));

        assertThat(first.since()).isEmpty();
        assertThat(first.expiredInPeriod()).isEqualTo(-1);
        assertThat(first.resolvedInPeriod()).isEqualTo(-1);
        assertThat(first.agreedInPeriod()).isEqualTo(-1);
        assertThat(first.agreementRate()).isNaN();
        assertThat(first.cumulativeAgreementRate()).isEqualTo(0.25);
        Map<String, Double> v = values(first.toSamples());
        assertThat(v.get("mlops.review.expired.period")).isNaN();
        assertThat(v.get("mlops.review.agreement.ratio")).isNaN();
    }

    @Test
    void aReadingRefusesInconsistentFiguresNamingTheComponent() {
        ReviewFigures f = figures(T0, 10, 2, 9);
        assertThatThrownBy(() -> ReviewReading.first(" ", f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint must not be blank but was ' '");
        assertThatThrownBy(() -> new ReviewReading("fraud", f, Optional.of(T0.plusNanos(1)), 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("since must not be after the figures' time 2024-03-01T10:00:00Z but was "
                        + "2024-03-01T10:00:00.000000001Z");
        assertThat(new ReviewReading("fraud", f, Optional.of(T0), 0, 0, 0).since()).contains(T0);
        assertThatThrownBy(() -> new ReviewReading("fraud", f, Optional.empty(), -2, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expiredInPeriod must be >= 0, or -1 when unknown, but was -2");
        assertThatThrownBy(() -> new ReviewReading("fraud", f, Optional.empty(), 0, -2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("resolvedInPeriod must be >= 0");
        assertThatThrownBy(() -> new ReviewReading("fraud", f, Optional.empty(), 0, 0, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("agreedInPeriod must be >= 0");
        assertThatThrownBy(() -> new ReviewReading("fraud", f, Optional.empty(), 0, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agreedInPeriod must be in [0, resolvedInPeriod 2] (or -1 with it) but was 3");
        assertThatThrownBy(() -> new ReviewReading("fraud", f, Optional.empty(), 0, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("agreedInPeriod must be in");
        assertThatThrownBy(() -> new ReviewReading("fraud", f, Optional.empty(), 0, 2, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("agreedInPeriod must be in");
        assertThat(new ReviewReading("fraud", f, Optional.empty(), 0, 2, 2).agreementRate()).isEqualTo(1.0);
        assertThatThrownBy(() -> new ReviewReading("fraud", null, Optional.empty(), 0, 0, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("figures");
        assertThatThrownBy(() -> new ReviewReading(null, f, Optional.empty(), 0, 0, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("endpoint");
        assertThatThrownBy(() -> new ReviewReading("fraud", f, null, 0, 0, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("since");
    }

    @Test
    void nextRefusesAnotherQueuesFigures() {
        ReviewReading first = ReviewReading.first("fraud", figures(T0, 10, 2, 9));
        ReviewFigures other = new ReviewFigures("chat", T0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO);

        assertThatThrownBy(() -> first.next(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newer must be figures of queue 'fraud' but was of 'chat'");
        assertThatThrownBy(() -> first.next(figures(T0.minusMillis(1), 10, 2, 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("since must not be after");
        assertThatThrownBy(() -> first.next(null)).isInstanceOf(NullPointerException.class).hasMessage("newer");
    }

    static Map<String, Double> values(List<MetricSample> samples) {
        return ReviewMonitorTest.values(samples);
    }
}
