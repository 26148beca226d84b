package org.mlops4j.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/** What a monitor keeps for reports: feedback windows over time, each window's drift check, the latest profiles. */
class MonitorHistoryTest {

    private static final ModelRef MODEL = new ModelRef("fraud", 1);
    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"), Feature.categorical("c", Set.of("a", "b")));

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T12:00:00Z"));
    private long ids;

    private <O> PredictionEvent<Map<String, Object>, O> serve(ModelMonitor<O> monitor, Map<String, Object> input,
                                                              O answer) {
        clock.advance(Duration.ofSeconds(1));
        PredictionEvent<Map<String, Object>, O> e = PredictionEvent.success("p" + (ids++), clock.now(), "api", "main",
                MODEL, input, answer, 0.9, 1_000_000);
        monitor.onPrediction(e);
        return e;
    }

    @Test
    void feedbackWindowsKeepTheAccuracyOfEachWindowOfLabels() {
        ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.classifier((String s) -> s)).windowSize(100)
                .clock(clock).sameThreadAnalysis().build();
        List<Instant> ends = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            var e = serve(monitor, Map.of(), "fraud");
            // all right in the first window, 30 wrong in the second
            boolean wrong = i >= 100 && i < 130;
            monitor.onFeedback(new FeedbackEvent<>(e, GroundTruth.label(wrong ? "legit" : "fraud"), clock.now()));
            if (i == 99 || i == 199) {
                ends.add(clock.now());
            }
        }
        List<FeedbackWindow> windows = monitor.recentFeedbackWindows();
        assertThat(windows).extracting(FeedbackWindow::window).containsExactly(1L, 2L);
        assertThat(windows).extracting(FeedbackWindow::accuracy).containsExactly(1.0, 0.7);
        assertThat(windows).extracting(FeedbackWindow::end).containsExactlyElementsOf(ends);
        assertThat(windows).extracting(FeedbackWindow::labelled).containsOnly(100L);
        assertThat(windows.get(1).rmse()).isNaN();
        assertThat(monitor.feedbackMetrics().get(0).accuracy()).isEqualTo(0.7);
    }

    @Test
    void feedbackWindowsOfARegressionModelKeepRmseAndMae() {
        ModelMonitor<Double> monitor = ModelMonitor.builder(OutputReader.regressor((Double d) -> d)).windowSize(10)
                .clock(clock).sameThreadAnalysis().build();
        for (int i = 0; i < 10; i++) {
            var e = serve(monitor, Map.of(), 10.0);
            monitor.onFeedback(new FeedbackEvent<>(e, GroundTruth.value(i % 2 == 0 ? 9.0 : 13.0), clock.now()));
        }
        FeedbackWindow w = monitor.recentFeedbackWindows().get(0);
        assertThat(w.rmse()).isCloseTo(Math.sqrt(5), within(1e-12));
        assertThat(w.mae()).isCloseTo(2.0, within(1e-12));
        assertThat(w.accuracy()).isNaN();
    }

    @Test
    void eachWindowCarriesItsDriftCheckAndTheLatestProfileIsKept() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add(row(rnd, 0));
        }
        ReferenceProfile reference = ReferenceProfile.of(SCHEMA, rows);
        ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.classifier((String s) -> s))
                .reference(reference).windowSize(500).clock(clock).sameThreadAnalysis().build();
        for (int i = 0; i < 1_000; i++) {
            serve(monitor, row(rnd, i < 500 ? 0 : 3), "legit");
        }
        List<WindowMetrics> windows = monitor.recentWindows();
        DatasetDriftReport clean = windows.get(0).inputDrift().orElseThrow();
        DatasetDriftReport shifted = windows.get(1).inputDrift().orElseThrow();
        assertThat(clean.features()).extracting(FeatureDrift::feature).containsExactly("x", "c");
        assertThat(clean.driftedFeatures()).isEmpty();
        FeatureDrift x = shifted.features().get(0);
        assertThat(x.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(x.result().orElseThrow().method()).isEqualTo("ks_sketch");
        assertThat(x.result().orElseThrow().pValue()).isLessThan(1e-6);
        assertThat(shifted.features().get(1).verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(windows.get(1).driftedFeatures()).extracting(f -> f.feature())
                .containsExactlyElementsOf(shifted.driftedFeatures());

        List<WindowProfiles> profiles = monitor.latestProfiles();
        assertThat(profiles).hasSize(1);
        WindowProfiles p = profiles.get(0);
        assertThat(p.window()).isEqualTo(2);
        assertThat(p.end()).isEqualTo(windows.get(1).end());
        assertThat(p.reference()).isSameAs(reference);
        assertThat(p.current().rows()).isEqualTo(500);
        assertThat(p.current().feature("x").orElseThrow().quantile(0.5)).isBetween(2.8, 3.2);
    }

    @Test
    void withoutAReferenceNothingIsProfiledOrChecked() {
        ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.classifier((String s) -> s)).schema(SCHEMA)
                .windowSize(10).clock(clock).sameThreadAnalysis().build();
        for (int i = 0; i < 10; i++) {
            serve(monitor, row(new SplittableRandom(i), 0), "legit");
        }
        assertThat(monitor.recentWindows()).hasSize(1);
        assertThat(monitor.recentWindows().get(0).inputDrift()).isEmpty();
        assertThat(monitor.latestProfiles()).isEmpty();
    }

    @Test
    void aFeedbackWindowNamesTheBadNumber() {
        assertThatThrownBy(() -> new FeedbackWindow("api", "main", "fraud/1", 0, Instant.EPOCH, 10, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be at least 1 but was 0");
        assertThatThrownBy(() -> new FeedbackWindow("api", "main", "fraud/1", 1, Instant.EPOCH, 0, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("labelled must be at least 1 but was 0");
    }

    private static Map<String, Object> row(SplittableRandom rnd, double shift) {
        double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
        return Map.of("x", g + shift, "c", rnd.nextBoolean() ? "a" : "b");
    }
}
