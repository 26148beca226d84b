package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.signal.SignalKind;

/** Every bound an {@link AlertRule} checks, at its edge, and the ready-made rules' names and kinds. */
class AlertRuleBoundsTest {

    private static AlertRule rule(String name, String metric, double threshold, double clearThreshold) {
        return new AlertRule(name, metric, AlertRule.Direction.ABOVE, threshold, clearThreshold, 1, Duration.ZERO,
                Severity.WARNING, Duration.ZERO, SignalKind.OTHER);
    }

    @Test
    void nameAndMetricMustNotBeBlank() {
        assertThatThrownBy(() -> rule(" ", "m", 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank but was ' '");
        assertThatThrownBy(() -> rule("r", "\t", 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric must not be blank but was '\t'");
        assertThatThrownBy(() -> rule("r", null, 1, 1)).isInstanceOf(NullPointerException.class).hasMessage("metric");
        assertThatThrownBy(() -> AlertRule.above("r", "m", 1).withName("")).hasMessageContaining("name must not be blank");
    }

    @Test
    void bothThresholdsMustBeFinite() {
        assertThatThrownBy(() -> rule("r", "m", Double.NaN, 1)).hasMessage("threshold must be finite but was NaN");
        assertThatThrownBy(() -> rule("r", "m", 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clearThreshold must be finite but was NaN");
        assertThatThrownBy(() -> AlertRule.below("r", "m", 1).withClearThreshold(Double.POSITIVE_INFINITY))
                .hasMessage("clearThreshold must be finite but was Infinity");
        assertThatThrownBy(() -> AlertRule.above("r", "m", 1).withClearThreshold(Double.NEGATIVE_INFINITY))
                .hasMessage("clearThreshold must be finite but was -Infinity");
    }

    @Test
    void fractionsMayBeZeroOrOneAndNothingOutside() {
        List<DoubleFunction<AlertRule>> fractions = List.of(AlertRule::missingInputFraction,
                AlertRule::nullOutputFraction, AlertRule::errorRateAbove, AlertRule::timeoutRateAbove,
                AlertRule::unseenCategoryFraction, AlertRule::datasetDriftShareAbove, AlertRule::accuracyBelow,
                AlertRule::unreadableInputFraction);
        for (DoubleFunction<AlertRule> f : fractions) {
            assertThat(f.apply(0.0).threshold()).isZero();
            assertThat(f.apply(1.0).threshold()).isEqualTo(1.0);
            assertThatThrownBy(() -> f.apply(Math.nextUp(1.0))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("must be in [0, 1] but was 1.0000000000000002");
            assertThatThrownBy(() -> f.apply(-Double.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> f.apply(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> AlertRule.datasetDriftShareAbove(2)).hasMessage("share must be in [0, 1] but was 2.0");
        assertThatThrownBy(() -> AlertRule.accuracyBelow(-1)).hasMessage("accuracy must be in [0, 1] but was -1.0");
    }

    @Test
    void latencyMustBePositiveAndIsWatchedInSeconds() {
        AlertRule rule = AlertRule.latencyP99Above(Duration.ofMillis(250));
        assertThat(rule.threshold()).isEqualTo(0.25);
        assertThat(rule.name()).isEqualTo("latency-p99");
        assertThat(rule.metric()).isEqualTo("mlops.prediction.latency.p99");
        assertThat(AlertRule.latencyP99Above(Duration.ofNanos(1)).threshold()).isEqualTo(1e-9);
        assertThatThrownBy(() -> AlertRule.latencyP99Above(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency must be positive but was PT0S");
        assertThatThrownBy(() -> AlertRule.latencyP99Above(Duration.ofMillis(-1)))
                .hasMessage("latency must be positive but was PT-0.001S");
    }

    @Test
    void rmseMustBePositiveAndFinite() {
        assertThat(AlertRule.rmseAbove(Double.MIN_VALUE).threshold()).isEqualTo(Double.MIN_VALUE);
        assertThat(AlertRule.rmseAbove(2.5).metric()).isEqualTo("mlops.performance.rmse");
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> AlertRule.rmseAbove(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("rmse must be positive and finite but was " + bad);
        }
    }

    @Test
    void theRemainingReadyMadeRulesWatchTheirMetricWithTheirKind() {
        AlertRule timeouts = AlertRule.timeoutRateAbove(0.01);
        assertThat(timeouts.name()).isEqualTo("timeout-rate");
        assertThat(timeouts.metric()).isEqualTo("mlops.prediction.timeout.ratio");
        assertThat(timeouts.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(timeouts.signal()).isEqualTo(SignalKind.SOFTWARE);
        assertThat(timeouts.threshold()).isEqualTo(0.01);

        AlertRule unreadable = AlertRule.unreadableInputFraction(0.2);
        assertThat(unreadable.name()).isEqualTo("unreadable-input-fraction");
        assertThat(unreadable.metric()).isEqualTo("mlops.input.unreadable.ratio");
        assertThat(unreadable.severity()).isEqualTo(Severity.WARNING);
        assertThat(unreadable.signal()).isEqualTo(SignalKind.DATA_QUALITY);
        assertThat(unreadable.breaches(0.2)).isFalse();
        assertThat(unreadable.breaches(0.21)).isTrue();
    }
}
