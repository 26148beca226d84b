package org.mlops4j.monitoring.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.monitoring.alert.AlertRule;

class SegmentRulesTest {

    @Test
    void theFactoriesWatchTheSegmentMetrics() {
        AlertRule drift = SegmentRules.driftShareAbove(0.3);
        assertThat(drift.name()).isEqualTo("segment-drift-share");
        assertThat(drift.metric()).isEqualTo(SegmentMetrics.DRIFT_SHARE);
        assertThat(drift.threshold()).isEqualTo(0.3);
        assertThat(drift.direction()).isEqualTo(AlertRule.Direction.ABOVE);
        assertThat(drift.signal()).isEqualTo(SignalKind.DATA_DRIFT);
        AlertRule errors = SegmentRules.errorRateAbove(0.02);
        assertThat(errors.metric()).isEqualTo(SegmentMetrics.ERROR_RATIO);
        assertThat(errors.threshold()).isEqualTo(0.02);
        assertThat(errors.signal()).isEqualTo(SignalKind.SOFTWARE);
        AlertRule features = SegmentRules.featureDriftDetected();
        assertThat(features.metric()).isEqualTo(SegmentMetrics.DRIFTED_FEATURES);
        assertThat(features.threshold()).isZero();
        assertThat(features.signal()).isEqualTo(SignalKind.DATA_DRIFT);
        for (double edge : new double[] {0.0, 1.0}) {
            assertThat(SegmentRules.driftShareAbove(edge).threshold()).isEqualTo(edge);
            assertThat(SegmentRules.errorRateAbove(edge).threshold()).isEqualTo(edge);
        }
    }

    @Test
    void boundsAreCheckedWithTheValueInTheMessage() {
        assertThatThrownBy(() -> SegmentRules.driftShareAbove(-0.01)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("share must be in [0, 1] but was -0.01");
        assertThatThrownBy(() -> SegmentRules.driftShareAbove(1.01)).hasMessage("share must be in [0, 1] but was 1.01");
        assertThatThrownBy(() -> SegmentRules.driftShareAbove(Double.NaN))
                .hasMessage("share must be in [0, 1] but was NaN");
        assertThatThrownBy(() -> SegmentRules.errorRateAbove(-0.5)).hasMessage("ratio must be in [0, 1] but was -0.5");
        assertThatThrownBy(() -> SegmentRules.errorRateAbove(1.5)).hasMessage("ratio must be in [0, 1] but was 1.5");
        assertThatThrownBy(() -> SegmentRules.errorRateAbove(Double.NaN))
                .hasMessage("ratio must be in [0, 1] but was NaN");
        assertThatThrownBy(() -> SegmentRules.scoped(null, "a")).hasMessage("rule");
        assertThatThrownBy(() -> SegmentRules.scoped(SegmentRules.featureDriftDetected(), ""))
                .hasMessage("segment must not be empty but was ''");
    }

    @Test
    void aScopedRuleKeepsEverySettingButItsNameAndMetric() {
        AlertRule base = SegmentRules.errorRateAbove(0.1).withHoldFor(3).withClearThreshold(0.05);
        AlertRule scoped = SegmentRules.scoped(base, "partner");
        assertThat(scoped.name()).isEqualTo("segment-error-rate@partner");
        assertThat(scoped.metric()).isEqualTo("mlops.segment.error_ratio@partner");
        assertThat(scoped).usingRecursiveComparison().ignoringFields("name", "metric").isEqualTo(base);
    }

    @Test
    void windowCountsAcceptTheirBoundaries() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(new SegmentWindow("e", "v", "m", 1, t, t, 0, 0, List.of()).predictions()).isZero();
        assertThat(new SegmentWindow("e", "v", "m", 1, t, t, 3, 3, List.of()).unassigned()).isEqualTo(3);
        SegmentFigures empty = new SegmentFigures("a", 0, Double.NaN, Double.NaN, Map.of(), 0, Double.NaN, List.of(),
                Optional.empty());
        SegmentFigures busy = new SegmentFigures("b", 5, 1.0, 0.0, Map.of(), 0, 0.0, List.of(), Optional.empty());
        SegmentFigures undecided = new SegmentFigures("c", 5, 1.0, 0.0, Map.of(), 0, Double.NaN, List.of(),
                Optional.of(new org.mlops4j.monitoring.drift.DatasetDriftReport(
                        org.mlops4j.monitoring.drift.Verdict.INSUFFICIENT_DATA, Double.NaN, 0.5,
                        org.mlops4j.monitoring.drift.MultipleTesting.BONFERRONI, List.of())));
        assertThat(new SegmentWindow("e", "v", "m", 1, t, t, 5, 0, List.of(undecided)).samples())
                .extracting(s -> s.metric() + " " + s.value())
                .containsExactly(SegmentMetrics.SHARE + " 1.0", SegmentMetrics.ERROR_RATIO + " 0.0",
                        SegmentMetrics.DRIFTED_FEATURES + " NaN", SegmentMetrics.DRIFT_SHARE + " NaN");
        // A segment without predictions sends no sample; one with predictions but no drift check sends two.
        assertThat(new SegmentWindow("e", "v", "m", 1, t, t, 5, 0, List.of(empty, busy)).samples())
                .extracting(s -> s.segment() + " " + s.metric())
                .containsExactly("b " + SegmentMetrics.SHARE, "b " + SegmentMetrics.ERROR_RATIO);
    }
}
