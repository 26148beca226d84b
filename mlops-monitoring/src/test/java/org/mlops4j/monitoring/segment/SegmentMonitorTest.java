package org.mlops4j.monitoring.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.profile.ReferenceProfile;

class SegmentMonitorTest {

    private static final ModelRef MODEL = new ModelRef("churn", 2);
    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"));
    private final ManualClock clock = new ManualClock(Instant.parse("2026-02-01T00:00:00Z"));

    private static Map<String, Object> row(String tier, double x) {
        Map<String, Object> row = new HashMap<>();
        row.put("tier", tier);
        row.put("x", x);
        return row;
    }

    private static List<Map<String, Object>> reference() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(row(i % 3 == 0 ? "gold" : "silver", (i * 7919 % 300) / 300.0));
        }
        rows.add(row("lead", 0.5));
        return rows;
    }

    private ModelMonitor.Builder<String> monitor(SegmentFunction function, int windowSize) {
        List<Map<String, Object>> ref = reference();
        return ModelMonitor.builder(OutputReader.<String>classifier(s -> s))
                .reference(ReferenceProfile.of(SCHEMA, ref))
                .segments(Segmentation.builder(function).topK(2).reference(SCHEMA, ref).build())
                .windowSize(windowSize).clock(clock).sameThreadAnalysis();
    }

    private void serve(ModelMonitor<String> m, Map<String, Object> input, String answer) {
        m.onPrediction(answer == null
                ? PredictionEvent.failure("f", clock.now(), "api", "v1", MODEL, input, 1_000, new IllegalStateException())
                : PredictionEvent.success("p", clock.now(), "api", "v1", MODEL, input, answer, 0.8, 1_000));
    }

    @Test
    void countsPredictionsErrorsAndLabelSharesPerSegment() {
        List<SegmentWindow> heard = new ArrayList<>();
        ModelMonitor<String> m = monitor(SegmentFunction.mapKey("tier"), 10).listener(new MonitorListener() {
            @Override
            public void onSegments(SegmentWindow segments) {
                heard.add(segments);
            }
        }).build();
        for (int i = 0; i < 4; i++) {
            serve(m, row("gold", 0.1 * i), i == 0 ? "stay" : "leave");
        }
        serve(m, row("gold", 0.5), null);
        serve(m, row("silver", 0.5), "stay");
        serve(m, row("silver", 0.6), "stay");
        serve(m, row("tin", 0.6), "leave");
        serve(m, row("lead", 0.6), null);
        serve(m, row(null, 0.6), "stay");

        assertThat(heard).hasSize(1).containsExactlyElementsOf(m.recentSegmentWindows());
        SegmentWindow w = heard.get(0);
        assertThat(w.endpoint()).isEqualTo("api");
        assertThat(w.variant()).isEqualTo("v1");
        assertThat(w.model()).isEqualTo("churn/2");
        assertThat(w.window()).isEqualTo(1);
        assertThat(w.predictions()).isEqualTo(10);
        assertThat(w.unassigned()).isZero();
        assertThat(w.segments()).extracting(SegmentFigures::segment).containsExactly("silver", "gold", "other");
        SegmentFigures gold = w.segment("gold").orElseThrow();
        assertThat(gold.predictions()).isEqualTo(5);
        assertThat(gold.share()).isEqualTo(0.5);
        assertThat(gold.errorRatio()).isEqualTo(0.2);
        assertThat(gold.predictionShares()).containsExactly(Map.entry("leave", 0.75), Map.entry("stay", 0.25));
        assertThat(gold.referenceRows()).isEqualTo(100);
        SegmentFigures other = w.segment("other").orElseThrow();
        assertThat(other.predictions()).isEqualTo(3);
        assertThat(other.errorRatio()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(other.predictionShares()).containsExactly(Map.entry("leave", 0.5), Map.entry("stay", 0.5));
        assertThat(other.referenceRows()).isEqualTo(1);
        assertThat(w.segment("silver").orElseThrow().errorRatio()).isZero();
        // 10 rows: fewer than the drift check's 30, so drift is not decided.
        assertThat(gold.driftedShare()).isNaN();
        assertThat(gold.inputDrift()).isPresent();
        assertThat(w.segment("tin")).isEmpty();
    }

    @Test
    void aFailingSegmentFunctionIsCountedAndItsRowsAreInNoSegment() {
        SegmentFunction flaky = in -> {
            Object tier = ((Map<?, ?>) in).get("tier");
            if ("boom".equals(tier)) {
                throw new IllegalStateException("tier service down");
            }
            return (String) tier;
        };
        ModelMonitor<String> m = monitor(flaky, 40).build();
        for (int i = 0; i < 40; i++) {
            serve(m, row(i < 3 ? "boom" : "gold", (i % 10) / 10.0), "stay");
        }
        assertThat(m.segmentFailures()).isEqualTo(3);
        assertThat(m.recentWindows()).hasSize(1);
        assertThat(m.recentWindows().get(0).predictions()).isEqualTo(40);
        SegmentWindow w = m.recentSegmentWindows().get(0);
        assertThat(w.unassigned()).isEqualTo(3);
        assertThat(w.segment("gold").orElseThrow().predictions()).isEqualTo(37);
        assertThat(w.segment("gold").orElseThrow().share()).isCloseTo(37 / 40.0, within(1e-12));
        assertThat(w.segment("gold").orElseThrow().inputDrift().orElseThrow().features().get(0).currentSize())
                .isEqualTo(37);
        assertThat(w.segment("other").orElseThrow().predictions()).isZero();
        assertThat(w.segment("other").orElseThrow().errorRatio()).isNaN();
    }

    @Test
    void segmentsSendSamplesPerSegmentAndAScopedRuleSeesOnlyItsSegment() {
        InMemoryAlertSink sink = AlertSinks.inMemory();
        AlertEvaluator alerts = AlertEvaluator.of(clock, List.of(SegmentRules.errorRateAbove(0.5),
                SegmentRules.scoped(SegmentRules.errorRateAbove(0.1), "silver")), List.of(sink));
        ModelMonitor<String> m = monitor(SegmentFunction.mapKey("tier"), 8).alerts(alerts).build();
        for (int i = 0; i < 4; i++) {
            serve(m, row("gold", 0.1), i < 3 ? null : "stay");
            serve(m, row("silver", 0.1), i < 1 ? null : "stay");
        }
        assertThat(sink.alerts()).extracting(Alert::rule, Alert::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("segment-error-rate", 0.75),
                        org.assertj.core.groups.Tuple.tuple("segment-error-rate@silver", 0.25));
        assertThat(sink.alerts()).extracting(Alert::window).allMatch(w -> w.startsWith("segment "));
    }

    @Test
    void theWindowsOwnSamplesCarryTheirSegment() {
        ModelMonitor<String> m = monitor(SegmentFunction.mapKey("tier"), 40).build();
        for (int i = 0; i < 40; i++) {
            serve(m, row(i % 2 == 0 ? "gold" : "silver", (i % 10) / 10.0), "stay");
        }
        List<MetricSample> samples = m.recentSegmentWindows().get(0).samples();
        // gold and silver: share, error ratio, drifted features and drift share each; other had no predictions.
        assertThat(samples).hasSize(8);
        assertThat(samples).extracting(MetricSample::segment).containsOnly("gold", "silver");
        assertThat(samples).extracting(MetricSample::metric).containsExactly(SegmentMetrics.SHARE,
                SegmentMetrics.ERROR_RATIO, SegmentMetrics.DRIFTED_FEATURES, SegmentMetrics.DRIFT_SHARE,
                SegmentMetrics.SHARE, SegmentMetrics.ERROR_RATIO, SegmentMetrics.DRIFTED_FEATURES,
                SegmentMetrics.DRIFT_SHARE);
        assertThat(samples.get(0).value()).isEqualTo(0.5);
        assertThat(samples.get(0).window()).isEqualTo("segment silver, window 1 (20 of 40 predictions)");
        assertThat(samples.get(0).model()).isEqualTo("churn/2");
        assertThat(samples.get(0).endpoint()).isEqualTo("api");
    }

    @Test
    void beyondTheBufferedRowsSegmentDriftReadsTheFirstFiveThousand() {
        ModelMonitor<String> m = monitor(SegmentFunction.mapKey("tier"), 6_000).build();
        for (int i = 0; i < 6_000; i++) {
            serve(m, row(i % 2 == 0 ? "gold" : "silver", (i % 100) / 100.0), "stay");
        }
        SegmentWindow w = m.recentSegmentWindows().get(0);
        assertThat(w.segment("gold").orElseThrow().predictions()).isEqualTo(3_000);
        assertThat(w.segment("gold").orElseThrow().inputDrift().orElseThrow().features().get(0).currentSize())
                .isEqualTo(2_500);
    }

    @Test
    void aRebaselineToAnotherSchemaKeepsCountingButDecidesNoSegmentDrift() {
        ModelMonitor<String> m = monitor(SegmentFunction.mapKey("tier"), 40).build();
        Schema other = Schema.of(Feature.numeric("y"));
        m.rebaseline(Baseline.of(ReferenceProfile.of(other, List.of(Map.of("y", 1.0)))));
        for (int i = 0; i < 40; i++) {
            serve(m, row("gold", 0.5), "stay");
        }
        SegmentWindow w = m.recentSegmentWindows().get(0);
        assertThat(w.segment("gold").orElseThrow().predictions()).isEqualTo(40);
        assertThat(w.segment("gold").orElseThrow().inputDrift()).isEmpty();
        assertThat(w.segment("gold").orElseThrow().driftedShare()).isNaN();
        assertThat(w.samples()).extracting(MetricSample::metric)
                .containsExactly(SegmentMetrics.SHARE, SegmentMetrics.ERROR_RATIO);
    }

    @Test
    void segmentsNeedAReferenceOfTheSegmentationsSchema() {
        Segmentation s = Segmentation.builder(SegmentFunction.mapKey("tier")).reference(SCHEMA, reference()).build();
        assertThatThrownBy(() -> ModelMonitor.builder().segments(s).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segments need a reference profile").hasMessageContaining("was none");
        Schema other = Schema.of(Feature.numeric("y"));
        assertThatThrownBy(() -> ModelMonitor.builder().reference(ReferenceProfile.of(other, List.of(Map.of("y", 1))))
                .segments(s).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segments need a reference profile");
        assertThatThrownBy(() -> ModelMonitor.builder().segments(null)).hasMessage("segments");
        ModelMonitor<Object> plain = ModelMonitor.builder().build();
        assertThat(plain.segmentation()).isEmpty();
        assertThat(plain.recentSegmentWindows()).isEmpty();
        assertThat(monitor(SegmentFunction.mapKey("tier"), 10).build().segmentation()).isPresent();
    }
}
