package org.mlops4j.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelRef;

class VariantFiguresTest {

    private final ModelRef model = new ModelRef("fraud", 2);

    @Test
    void theFiguresOfAPeriodAreTheDifferenceOfTwoSnapshots() {
        VariantFigures start = new VariantFigures("fraud", "candidate", model, 100, 4, 1, 2, 96,
                new double[] {1, 2, 3}, Map.of("fraud", 10L, "legit", 86L), 50, 45);
        VariantFigures now = new VariantFigures("fraud", "candidate", model, 150, 9, 1, 3, 141,
                new double[] {2, 3, 4, 5, 6}, Map.of("fraud", 20L, "legit", 86L, "review", 1L), 80, 70);

        VariantFigures step = now.since(start);

        assertThat(step.requests()).isEqualTo(50);
        assertThat(step.errors()).isEqualTo(5);
        assertThat(step.timeouts()).isZero();
        assertThat(step.fallbacks()).isEqualTo(1);
        assertThat(step.latencies()).isEqualTo(45);
        assertThat(step.recentLatenciesMillis()).as("all five still held are newer than the start")
                .containsExactly(2, 3, 4, 5, 6);
        assertThat(step.predictedLabels()).containsOnly(Map.entry("fraud", 10L), Map.entry("review", 1L));
        assertThat(step.labelled()).isEqualTo(30);
        assertThat(step.correct()).isEqualTo(25);
        assertThat(step.errorRate()).isEqualTo(0.1);
        assertThat(step.accuracy()).isCloseTo(25.0 / 30, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void onlyTheLatenciesRecordedSinceTheEarlierSnapshotAreKept() {
        VariantFigures start = new VariantFigures("e", "v", model, 10, 0, 0, 0, 10, new double[] {1, 2, 3},
                Map.of(), 0, 0);
        VariantFigures now = new VariantFigures("e", "v", model, 12, 0, 0, 0, 12, new double[] {3, 4, 5},
                Map.of(), 0, 0);
        assertThat(now.since(start).recentLatenciesMillis()).containsExactly(4, 5);
        assertThat(VariantFigures.none("e", "v", model).errorRate()).isNaN();
    }

    @Test
    void inconsistentFiguresAreRefusedNamingTheCounts() {
        assertThatThrownBy(() -> new VariantFigures("e", "v", model, 1, 2, 0, 0, 0, new double[0], Map.of(), 0, 0))
                .hasMessageContaining("errors <= requests").hasMessageContaining("errors=2");
        assertThatThrownBy(() -> new VariantFigures("e", "v", model, -1, 0, 0, 0, 0, new double[0], Map.of(), 0, 0))
                .hasMessageContaining("requests=-1");
        VariantFigures a = VariantFigures.none("e", "v", model);
        VariantFigures b = VariantFigures.none("e", "other", model);
        assertThatThrownBy(() -> a.since(b)).hasMessageContaining("cannot subtract");
    }

    @Test
    void metricNamesAreUniqueAndCarryTheirKind() {
        assertThat(java.util.Arrays.stream(MetricName.values()).map(MetricName::key).distinct().count())
                .isEqualTo(MetricName.values().length);
        assertThat(MetricName.of("mlops.drift.dataset.share")).contains(MetricName.DRIFT_SHARE);
        assertThat(MetricName.kindOf("mlops.performance.accuracy")).isEqualTo(SignalKind.PERFORMANCE_DROP);
        assertThat(MetricName.kindOf("mlops.input.missing.ratio")).isEqualTo(SignalKind.DATA_QUALITY);
        assertThat(MetricName.kindOf("my.custom.metric")).isEqualTo(SignalKind.OTHER);
        assertThat(MetricName.CONCEPT_DRIFT.kind()).isEqualTo(SignalKind.CONCEPT_DRIFT);
    }
}
