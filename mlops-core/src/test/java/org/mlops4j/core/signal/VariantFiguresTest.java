package org.mlops4j.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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

    private VariantFigures figures(long requests, long errors, long timeouts, long fallbacks, long latencies,
                                   double[] recent, long labelled, long correct) {
        return new VariantFigures("e", "v", model, requests, errors, timeouts, fallbacks, latencies, recent,
                Map.of("fraud", 3L), labelled, correct);
    }

    @Test
    void everyNegativeCountIsRefused() {
        double[] none = new double[0];
        List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> negatives = List.of(
                () -> figures(-1, 0, 0, 0, 0, none, 0, 0),
                () -> figures(0, -1, 0, 0, 0, none, 0, 0),
                () -> figures(0, 0, -1, 0, 0, none, 0, 0),
                () -> figures(0, 0, 0, -1, 0, none, 0, 0),
                () -> figures(0, 0, 0, 0, -1, none, 0, 0),
                () -> figures(0, 0, 0, 0, 0, none, -1, 0),
                () -> figures(0, 0, 0, 0, 0, none, 0, -1));
        for (var negative : negatives) {
            assertThatThrownBy(negative).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must not be negative").hasMessageContaining("=-1");
        }
        assertThat(figures(0, 0, 0, 0, 0, none, 0, 0).requests()).isZero();
    }

    @Test
    void everyPartLargerThanItsWholeIsRefused() {
        assertThatThrownBy(() -> figures(3, 4, 0, 0, 0, new double[0], 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests=3, errors=4");
        assertThatThrownBy(() -> figures(3, 1, 2, 0, 0, new double[0], 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("errors=1, timeouts=2");
        assertThatThrownBy(() -> figures(0, 0, 0, 0, 0, new double[0], 4, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labelled=4, correct=5");
        assertThatThrownBy(() -> figures(0, 0, 0, 0, 1, new double[] {1, 2}, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latencies=1 (2 recent)");
        // Each part may equal its whole.
        VariantFigures full = figures(3, 3, 3, 0, 2, new double[] {1, 2}, 4, 4);
        assertThat(full.errorRate()).isEqualTo(1.0);
        assertThat(full.accuracy()).isEqualTo(1.0);
    }

    @Test
    void onlySnapshotsOfTheSameEndpointVariantAndModelSubtract() {
        VariantFigures now = VariantFigures.none("e", "v", model);
        assertThat(now.since(VariantFigures.none("e", "v", model))).isEqualTo(now);
        assertThatThrownBy(() -> now.since(VariantFigures.none("other", "v", model)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot subtract figures of other/v/fraud/2 from e/v/fraud/2");
        assertThatThrownBy(() -> now.since(VariantFigures.none("e", "other", model)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("of e/other/fraud/2");
        assertThatThrownBy(() -> now.since(VariantFigures.none("e", "v", new ModelRef("fraud", 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("of e/v/fraud/3");
    }

    @Test
    void figuresAreEqualByValueIncludingTheirLatenciesAndDifferInAnyOneField() {
        VariantFigures base = new VariantFigures("e", "v", model, 10, 2, 1, 1, 8, new double[] {4, 5},
                Map.of("fraud", 3L), 6, 5);
        VariantFigures same = new VariantFigures("e", "v", model, 10, 2, 1, 1, 8, new double[] {4, 5},
                Map.of("fraud", 3L), 6, 5);
        assertThat(same).isEqualTo(base).hasSameHashCodeAs(base);
        assertThat(base).isNotEqualTo("VariantFigures").isNotEqualTo(null);
        List<VariantFigures> others = List.of(
                new VariantFigures("x", "v", model, 10, 2, 1, 1, 8, new double[] {4, 5}, Map.of("fraud", 3L), 6, 5),
                new VariantFigures("e", "x", model, 10, 2, 1, 1, 8, new double[] {4, 5}, Map.of("fraud", 3L), 6, 5),
                new VariantFigures("e", "v", new ModelRef("fraud", 3), 10, 2, 1, 1, 8, new double[] {4, 5},
                        Map.of("fraud", 3L), 6, 5),
                new VariantFigures("e", "v", model, 11, 2, 1, 1, 8, new double[] {4, 5}, Map.of("fraud", 3L), 6, 5),
                new VariantFigures("e", "v", model, 10, 3, 1, 1, 8, new double[] {4, 5}, Map.of("fraud", 3L), 6, 5),
                new VariantFigures("e", "v", model, 10, 2, 2, 1, 8, new double[] {4, 5}, Map.of("fraud", 3L), 6, 5),
                new VariantFigures("e", "v", model, 10, 2, 1, 2, 8, new double[] {4, 5}, Map.of("fraud", 3L), 6, 5),
                new VariantFigures("e", "v", model, 10, 2, 1, 1, 9, new double[] {4, 5}, Map.of("fraud", 3L), 6, 5),
                new VariantFigures("e", "v", model, 10, 2, 1, 1, 8, new double[] {4, 6}, Map.of("fraud", 3L), 6, 5),
                new VariantFigures("e", "v", model, 10, 2, 1, 1, 8, new double[] {4, 5}, Map.of("fraud", 4L), 6, 5),
                new VariantFigures("e", "v", model, 10, 2, 1, 1, 8, new double[] {4, 5}, Map.of("fraud", 3L), 7, 5),
                new VariantFigures("e", "v", model, 10, 2, 1, 1, 8, new double[] {4, 5}, Map.of("fraud", 3L), 6, 4));
        for (VariantFigures other : others) {
            assertThat(other).as(other.toString()).isNotEqualTo(base);
            assertThat(other.hashCode()).as(other.toString()).isNotEqualTo(base.hashCode());
        }
        assertThat(base).hasToString("VariantFigures[e/v fraud/2: requests=10, errors=2, timeouts=1, fallbacks=1, "
                + "latencies=8, labelled=6, correct=5, labels={fraud=3}]");
    }

    @Test
    void theFiguresKeepTheirOwnCopyOfTheLatencies() {
        double[] recent = {1, 2};
        VariantFigures f = new VariantFigures("e", "v", model, 2, 0, 0, 0, 2, recent, Map.of(), 0, 0);
        recent[0] = 99;
        f.recentLatenciesMillis()[1] = 99;
        assertThat(f.recentLatenciesMillis()).containsExactly(1, 2);
        assertThat(f.accuracy()).as("no label yet").isNaN();
    }
}
