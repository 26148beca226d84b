package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertRuleTest {

    @Test
    void aboveRuleBreachesStrictlyAboveAndClearsAtOrBelowClearThreshold() {
        AlertRule rule = AlertRule.above("r", "m", 0.05).withClearThreshold(0.03);
        assertThat(rule.breaches(0.05)).isFalse();
        assertThat(rule.breaches(0.051)).isTrue();
        assertThat(rule.clears(0.04)).isFalse();
        assertThat(rule.clears(0.03)).isTrue();
        assertThat(rule.breaches(Double.NaN)).isFalse();
        assertThat(rule.clears(Double.NaN)).isFalse();
    }

    @Test
    void belowRuleBreachesStrictlyBelowAndClearsAtOrAboveClearThreshold() {
        AlertRule rule = AlertRule.accuracyBelow(0.8).withClearThreshold(0.85);
        assertThat(rule.direction()).isEqualTo(AlertRule.Direction.BELOW);
        assertThat(rule.breaches(0.79)).isTrue();
        assertThat(rule.breaches(0.8)).isFalse();
        assertThat(rule.clears(0.84)).isFalse();
        assertThat(rule.clears(0.85)).isTrue();
    }

    @Test
    void readyMadeRulesUseConventionalMetricNames() {
        assertThat(AlertRule.missingInputFraction(0.1).metric()).isEqualTo("mlops.input.missing.ratio");
        assertThat(AlertRule.nullOutputFraction(0.1).metric()).isEqualTo("mlops.output.null.ratio");
        AlertRule latency = AlertRule.latencyP99Above(Duration.ofMillis(250));
        assertThat(latency.metric()).isEqualTo("mlops.prediction.latency.p99");
        assertThat(latency.threshold()).isEqualTo(0.25);
        AlertRule errors = AlertRule.errorRateAbove(0.01);
        assertThat(errors.metric()).isEqualTo("mlops.prediction.error.ratio");
        assertThat(errors.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(AlertRule.featureDriftDetected().metric()).isEqualTo("mlops.drift.feature.count");
        assertThat(AlertRule.featureDriftDetected().breaches(1)).isTrue();
        assertThat(AlertRule.featureDriftDetected().breaches(0)).isFalse();
        assertThat(AlertRule.datasetDriftShareAbove(0.5).metric()).isEqualTo("mlops.drift.dataset.share");
        assertThat(AlertRule.conceptDriftDetected().metric()).isEqualTo("mlops.concept.drift");
        assertThat(AlertRule.accuracyBelow(0.9).metric()).isEqualTo("mlops.performance.accuracy");
    }

    @Test
    void withersKeepOtherComponents() {
        AlertRule rule = AlertRule.above("r", "m", 1.0).withHoldFor(3).withHoldDuration(Duration.ofMinutes(5))
                .withCooldown(Duration.ofHours(1)).withSeverity(Severity.INFO).withName("renamed");
        assertThat(rule).isEqualTo(new AlertRule("renamed", "m", AlertRule.Direction.ABOVE, 1.0, 1.0, 3,
                Duration.ofMinutes(5), Severity.INFO, Duration.ofHours(1), org.mlops4j.core.signal.SignalKind.OTHER));
    }

    @Test
    void everyRuleCarriesTheKindOfItsMetric() {
        assertThat(AlertRule.datasetDriftShareAbove(0.3).signal()).isEqualTo(org.mlops4j.core.signal.SignalKind.DATA_DRIFT);
        assertThat(AlertRule.accuracyBelow(0.8).signal())
                .isEqualTo(org.mlops4j.core.signal.SignalKind.PERFORMANCE_DROP);
        assertThat(AlertRule.conceptDriftDetected().signal()).isEqualTo(org.mlops4j.core.signal.SignalKind.CONCEPT_DRIFT);
        assertThat(AlertRule.missingInputFraction(0.1).signal())
                .isEqualTo(org.mlops4j.core.signal.SignalKind.DATA_QUALITY);
        assertThat(AlertRule.errorRateAbove(0.1).withHoldFor(2).signal())
                .isEqualTo(org.mlops4j.core.signal.SignalKind.SOFTWARE);
        assertThat(AlertRule.above("conversions", "shop.conversion.drop", 0.2).signal())
                .isEqualTo(org.mlops4j.core.signal.SignalKind.OTHER);
        assertThat(AlertRule.above("conversions", "shop.conversion.drop", 0.2)
                .withSignal(org.mlops4j.core.signal.SignalKind.PERFORMANCE_DROP).withName("kpi").signal())
                .isEqualTo(org.mlops4j.core.signal.SignalKind.PERFORMANCE_DROP);
    }

    @Test
    void validationMessagesNameTheArgumentAndValue() {
        assertThatThrownBy(() -> AlertRule.above("r", "m", 0.05).withClearThreshold(0.06))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clearThreshold").hasMessageContaining("0.06");
        assertThatThrownBy(() -> AlertRule.below("r", "m", 0.8).withClearThreshold(0.7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clearThreshold").hasMessageContaining("0.7");
        assertThatThrownBy(() -> AlertRule.above("r", "m", 1).withHoldFor(0))
                .hasMessage("holdFor must be >= 1 but was 0");
        assertThatThrownBy(() -> AlertRule.above("r", "m", 1).withCooldown(Duration.ofSeconds(-1)))
                .hasMessage("cooldown must not be negative but was PT-1S");
        assertThatThrownBy(() -> AlertRule.above("r", "m", 1).withHoldDuration(Duration.ofSeconds(-2)))
                .hasMessage("holdDuration must not be negative but was PT-2S");
        assertThatThrownBy(() -> AlertRule.above("r", "m", Double.NaN))
                .hasMessage("threshold must be finite but was NaN");
        assertThatThrownBy(() -> AlertRule.above(" ", "m", 1))
                .hasMessage("name must not be blank but was ' '");
        assertThatThrownBy(() -> AlertRule.missingInputFraction(1.5))
                .hasMessage("threshold must be in [0, 1] but was 1.5");
        assertThatThrownBy(() -> AlertRule.latencyP99Above(Duration.ZERO))
                .hasMessage("latency must be positive but was PT0S");
        assertThatThrownBy(() -> AlertRule.above("r", null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("metric");
    }

    @Test
    void webhookConfigValidationMessagesNameTheArgumentAndValue() {
        WebhookConfig d = WebhookConfig.ofDefaults();
        assertThatThrownBy(() -> new WebhookConfig(0, d.initialBackoff(), 2, d.maxBackoff(),
                d.connectTimeout(), d.requestTimeout(), 10))
                .hasMessage("maxAttempts must be in [1, 100] but was 0");
        assertThatThrownBy(() -> new WebhookConfig(3, d.initialBackoff(), 0.5, d.maxBackoff(),
                d.connectTimeout(), d.requestTimeout(), 10))
                .hasMessage("backoffMultiplier must be finite and >= 1 but was 0.5");
        assertThatThrownBy(() -> new WebhookConfig(3, Duration.ofSeconds(5), 2, Duration.ofSeconds(1),
                d.connectTimeout(), d.requestTimeout(), 10))
                .hasMessage("maxBackoff must be >= initialBackoff PT5S but was PT1S");
        assertThatThrownBy(() -> new WebhookConfig(3, d.initialBackoff(), 2, d.maxBackoff(),
                Duration.ZERO, d.requestTimeout(), 10))
                .hasMessage("connectTimeout must be positive but was PT0S");
        assertThatThrownBy(() -> new WebhookConfig(3, d.initialBackoff(), 2, d.maxBackoff(),
                d.connectTimeout(), d.requestTimeout(), 0))
                .hasMessage("queueCapacity must be >= 1 but was 0");
    }

    @Test
    void webhookBackoffGrowsExponentiallyUpToTheMaximum() {
        WebhookConfig c = new WebhookConfig(10, Duration.ofMillis(100), 2.0, Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 10);
        assertThat(c.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(c.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(c.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(c.backoff(4)).isEqualTo(Duration.ofMillis(500));
    }
}
