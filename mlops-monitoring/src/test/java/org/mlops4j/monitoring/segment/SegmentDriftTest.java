package org.mlops4j.monitoring.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * Issue 20's test with numbers: a segment with 5% of the traffic whose {@code x0} shifts by 1.5
 * standard deviations. The whole traffic's drift check misses it (its Kolmogorov-Smirnov p-value,
 * Bonferroni-corrected over 5 features, stays above 0.05), the segment's own check finds it
 * (p below 1e-6), its alert fires once, and no other segment alerts; a stable run raises no segment
 * alert. Two windows of 1,000 predictions each; reference of 20,000 rows; fixed seeds (20, 24, 22).
 *
 * <p>The expected figures come from {@code segment_drift.py} (scipy's exact {@code ks_2samp} on the
 * same rows). The monitor compares KLL sketches (rank error about 1.3% each at the default k), so
 * KS statistics are compared within 0.03 and verdicts must agree with the exact test's.
 */
class SegmentDriftTest {

    private static final ModelRef MODEL = new ModelRef("fraud", 1);
    private static final double STATISTIC_TOLERANCE = 0.03;
    private static JsonNode expected;
    private static List<Map<String, Object>> reference;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SegmentDriftTest.class.getResourceAsStream("/segment/segment_drift.json")) {
            expected = new ObjectMapper().readTree(in);
        }
        reference = SegmentData.rows(20, 20_000, 0.0);
    }

    private record Run(ModelMonitor<String> monitor, InMemoryAlertSink sink) {
    }

    private static Run run(long seed, double shift) {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T00:00:00Z"));
        InMemoryAlertSink sink = AlertSinks.inMemory();
        AlertEvaluator alerts = AlertEvaluator.of(clock, List.of(SegmentRules.featureDriftDetected(),
                AlertRule.featureDriftDetected()), List.of(sink));
        Segmentation segments = Segmentation.builder(SegmentFunction.mapKey("channel"))
                .reference(SegmentData.SCHEMA, reference).build();
        ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.<String>classifier(s -> s))
                .reference(ReferenceProfile.of(SegmentData.SCHEMA, reference)).segments(segments)
                .windowSize(1_000).alerts(alerts).clock(clock).sameThreadAnalysis().build();
        int i = 0;
        for (Map<String, Object> row : SegmentData.rows(seed, 2_000, shift)) {
            String answer = (double) row.get("x1") > 0 ? "fraud" : "legit";
            monitor.onPrediction(PredictionEvent.success("p" + i++, clock.now(), "pay", "champion", MODEL, row,
                    answer, 0.9, 1_000_000));
        }
        return new Run(monitor, sink);
    }

    @Test
    void referenceRowsPerSegmentAreTheScriptsAndTheDataIsTheSame() {
        Segmentation segments = Segmentation.builder(SegmentFunction.mapKey("channel"))
                .reference(SegmentData.SCHEMA, reference).build();
        assertThat(segments.segments()).containsExactly("web", "store", "phone", "partner", Segmentation.OTHER);
        for (String s : SegmentData.SEGMENTS) {
            assertThat(segments.referenceRows(segments.indexOfName(s)))
                    .isEqualTo(expected.get("reference_rows").get(s).asLong());
        }
        assertThat(segments.referenceRows(segments.indexOfName(Segmentation.OTHER))).isZero();
        assertThat((double) reference.get(0).get("x0")).isEqualTo(expected.get("first_reference_x0").asDouble(),
                within(1e-12));
    }

    @Test
    void driftInAFivePercentSegmentIsFoundWhereTheAggregateMissesIt() {
        Run run = run(24, 1.5);
        List<WindowMetrics> windows = run.monitor().recentWindows();
        List<SegmentWindow> segmentWindows = run.monitor().recentSegmentWindows();
        assertThat(windows).hasSize(2);
        assertThat(segmentWindows).hasSize(2);
        for (int w = 0; w < 2; w++) {
            JsonNode exp = expected.get("drift").get(w);
            // The whole traffic: x0 does not drift, by the sketch test and by scipy's exact test alike.
            FeatureDrift aggregate = x0(windows.get(w).inputDrift().orElseThrow().features());
            assertThat(aggregate.verdict()).isEqualTo(Verdict.NO_DRIFT);
            assertThat(aggregate.adjustedPValue()).isGreaterThan(0.05);
            assertThat(exp.get("aggregate_x0_adjusted_p").asDouble()).isGreaterThan(0.05);
            assertThat(aggregate.result().orElseThrow().statistic())
                    .isCloseTo(exp.get("aggregate_x0_statistic").asDouble(), within(STATISTIC_TOLERANCE));
            assertThat(windows.get(w).driftedFeatures()).isEmpty();

            SegmentWindow sw = segmentWindows.get(w);
            assertThat(sw.predictions()).isEqualTo(1_000);
            assertThat(sw.unassigned()).isZero();
            for (String s : SegmentData.SEGMENTS) {
                SegmentFigures f = sw.segment(s).orElseThrow();
                long rows = exp.get("rows").get(s).asLong();
                assertThat(f.predictions()).as(s).isEqualTo(rows);
                assertThat(f.share()).as(s).isCloseTo(rows / 1000.0, within(1e-12));
                FeatureDrift x0 = x0(f.inputDrift().orElseThrow().features());
                JsonNode es = exp.get("segments").get(s);
                assertThat(x0.result().orElseThrow().statistic()).as(s)
                        .isCloseTo(es.get("x0_statistic").asDouble(), within(STATISTIC_TOLERANCE));
                if (s.equals("partner")) {
                    assertThat(x0.verdict()).isEqualTo(Verdict.DRIFT);
                    assertThat(x0.adjustedPValue()).isLessThan(1e-6);
                    assertThat(es.get("x0_adjusted_p").asDouble()).isLessThan(1e-6);
                    assertThat(f.driftedFeatureNames()).containsExactly("x0");
                    assertThat(f.driftedShare()).isEqualTo(0.2);
                } else {
                    assertThat(f.driftedFeatures()).as(s).isEmpty();
                    assertThat(es.get("min_adjusted_p").asDouble()).as(s).isGreaterThan(0.05);
                }
            }
            assertThat(sw.segment(Segmentation.OTHER).orElseThrow().predictions()).isZero();
        }
        // One page: the partner segment's rule fires in window 1 and keeps firing in window 2.
        List<Alert> alerts = run.sink().alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).kind()).isEqualTo(Alert.Kind.FIRED);
        assertThat(alerts.get(0).rule()).isEqualTo("segment-feature-drift");
        assertThat(alerts.get(0).window()).startsWith("segment partner, window 1 (52 of 1000 predictions)");
        assertThat(alerts.get(0).topDriftedFeatures()).extracting(d -> d.feature()).containsExactly("x0");
    }

    @Test
    void aStableRunRaisesNoSegmentAlert() {
        Run run = run(22, 0.0);
        assertThat(run.monitor().recentSegmentWindows()).hasSize(2);
        for (SegmentWindow sw : run.monitor().recentSegmentWindows()) {
            for (SegmentFigures f : sw.segments()) {
                assertThat(f.driftedFeatures()).as(f.segment()).isEmpty();
            }
        }
        for (int w = 0; w < 2; w++) {
            JsonNode exp = expected.get("stable").get(w);
            for (String s : SegmentData.SEGMENTS) {
                assertThat(exp.get("segments").get(s).get("min_adjusted_p").asDouble()).isGreaterThan(0.05);
            }
        }
        assertThat(run.sink().alerts()).isEmpty();
    }

    private static FeatureDrift x0(List<FeatureDrift> features) {
        return features.stream().filter(f -> f.feature().equals("x0")).findFirst().orElseThrow();
    }
}
