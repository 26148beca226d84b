package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mlops4j.core.signal.SignalKind;

/** The rules on performance estimated without labels. */
class EstimatedAccuracyRulesTest {

    @Test
    void estimatedAccuracyBelowWatchesTheEstimate() {
        AlertRule rule = AlertRule.estimatedAccuracyBelow(0.7);
        assertThat(rule.name()).isEqualTo("estimated-accuracy");
        assertThat(rule.metric()).isEqualTo("mlops.estimated.accuracy");
        assertThat(rule.direction()).isEqualTo(AlertRule.Direction.BELOW);
        assertThat(rule.threshold()).isEqualTo(0.7);
        assertThat(rule.signal()).isEqualTo(SignalKind.PERFORMANCE_DROP);
        assertThat(rule.breaches(0.69)).isTrue();
        assertThat(rule.breaches(0.7)).isFalse();
    }

    @Test
    void estimatedAccuracyBandBelowWatchesTheBandsUpperEnd() {
        AlertRule rule = AlertRule.estimatedAccuracyBandBelow(0.75);
        assertThat(rule.name()).isEqualTo("estimated-accuracy-band");
        assertThat(rule.metric()).isEqualTo("mlops.estimated.accuracy.upper");
        assertThat(rule.direction()).isEqualTo(AlertRule.Direction.BELOW);
        assertThat(rule.threshold()).isEqualTo(0.75);
        assertThat(rule.signal()).isEqualTo(SignalKind.PERFORMANCE_DROP);
    }

    @Test
    void anAccuracyOutsideTheUnitIntervalIsRefused() {
        assertThatThrownBy(() -> AlertRule.estimatedAccuracyBelow(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accuracy").hasMessageContaining("1.5");
        assertThatThrownBy(() -> AlertRule.estimatedAccuracyBandBelow(-0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accuracy");
    }
}
