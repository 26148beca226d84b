package org.mlops4j.monitoring.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.Severity;

class ReviewAlertsTest {

    @Test
    void queueDepthFiresAboveTheDepthAsASoftwareSignal() {
        AlertRule rule = ReviewAlerts.queueDepthAbove(100);

        assertThat(rule.name()).isEqualTo("review-queue-depth");
        assertThat(rule.metric()).isEqualTo("mlops.review.queue.depth");
        assertThat(rule.direction()).isEqualTo(AlertRule.Direction.ABOVE);
        assertThat(rule.threshold()).isEqualTo(100.0);
        assertThat(rule.signal()).isEqualTo(SignalKind.SOFTWARE);
        assertThat(rule.severity()).isEqualTo(Severity.WARNING);
        assertThat(rule.breaches(101)).isTrue();
        assertThat(rule.breaches(100)).isFalse();
        assertThat(ReviewAlerts.queueDepthAbove(0).threshold()).isZero();
        assertThatThrownBy(() -> ReviewAlerts.queueDepthAbove(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("depth must be >= 0 but was -1");
    }

    @Test
    void ageP99FiresAboveTheAgeInSeconds() {
        AlertRule rule = ReviewAlerts.ageP99Above(Duration.ofMinutes(30).plusMillis(500));

        assertThat(rule.name()).isEqualTo("review-age-p99");
        assertThat(rule.metric()).isEqualTo("mlops.review.age.p99");
        assertThat(rule.direction()).isEqualTo(AlertRule.Direction.ABOVE);
        assertThat(rule.threshold()).isEqualTo(1800.5);
        assertThat(rule.signal()).isEqualTo(SignalKind.SOFTWARE);
        assertThat(ReviewAlerts.ageP99Above(Duration.ofNanos(1)).threshold()).isEqualTo(1e-9);
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-5)}) {
            assertThatThrownBy(() -> ReviewAlerts.ageP99Above(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("age must be positive but was " + bad);
        }
        assertThatThrownBy(() -> ReviewAlerts.ageP99Above(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("age");
    }

    @Test
    void agreementFiresBelowTheRateAsAPerformanceDrop() {
        AlertRule rule = ReviewAlerts.agreementBelow(0.8);

        assertThat(rule.name()).isEqualTo("review-agreement");
        assertThat(rule.metric()).isEqualTo("mlops.review.agreement.ratio");
        assertThat(rule.direction()).isEqualTo(AlertRule.Direction.BELOW);
        assertThat(rule.threshold()).isEqualTo(0.8);
        assertThat(rule.signal()).isEqualTo(SignalKind.PERFORMANCE_DROP);
        assertThat(rule.breaches(0.75)).isTrue();
        assertThat(rule.breaches(Double.NaN)).isFalse();
        assertThat(ReviewAlerts.agreementBelow(0.0).threshold()).isZero();
        assertThat(ReviewAlerts.agreementBelow(1.0).threshold()).isEqualTo(1.0);
        for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> ReviewAlerts.agreementBelow(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("rate must be in [0, 1] but was " + bad);
        }
    }

    @Test
    void expiredFiresAboveTheCountPerPeriod() {
        AlertRule rule = ReviewAlerts.expiredAbove(3);

        assertThat(rule.name()).isEqualTo("review-expired");
        assertThat(rule.metric()).isEqualTo("mlops.review.expired.period");
        assertThat(rule.direction()).isEqualTo(AlertRule.Direction.ABOVE);
        assertThat(rule.threshold()).isEqualTo(3.0);
        assertThat(rule.signal()).isEqualTo(SignalKind.SOFTWARE);
        assertThat(ReviewAlerts.expiredAbove(0).threshold()).isZero();
        assertThatThrownBy(() -> ReviewAlerts.expiredAbove(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count must be >= 0 but was -1");
    }
}
