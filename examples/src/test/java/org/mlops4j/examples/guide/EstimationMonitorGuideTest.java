package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.examples.guide.EstimationMonitorGuide.Score;
import org.mlops4j.monitoring.EstimatedWindow;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.estimate.EstimatedMetric;

/**
 * Runs the guide's snippets on a fraud model whose true probability is sigmoid(x) and whose score
 * is sigmoid(2x): two windows with x ~ N(0, 2) (accuracy about 0.79), then two with x ~ N(0, 0.6)
 * (about 0.61).
 */
class EstimationMonitorGuideTest {

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    final SplittableRandom rnd = new SplittableRandom(11);

    double gaussian() {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    @Test
    void theMonitorEstimatesAlertsAndShowsTheRealisedFigures() {
        double[] scores = new double[10_000];
        String[] labels = new String[10_000];
        for (int i = 0; i < scores.length; i++) {
            double x = 2 * gaussian();
            scores[i] = sigmoid(2 * x);
            labels[i] = rnd.nextDouble() < sigmoid(x) ? "fraud" : "legit";
        }
        InMemoryAlertSink sink = AlertSinks.inMemory();
        ModelRef model = new ModelRef("fraud", 1);
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        try (ModelMonitor<Score> monitor = EstimationMonitorGuide.monitor(scores, labels, List.of(sink))) {
            List<FeedbackEvent<Object, Score>> late = new ArrayList<>();
            for (int i = 0; i < 4_000; i++) {
                double x = (i < 2_000 ? 2 : 0.6) * gaussian();
                double p = sigmoid(2 * x);
                PredictionEvent<Object, Score> e = PredictionEvent.success("p" + i, t0.plusSeconds(i), "fraud", "champion",
                        model, (Object) x, new Score(p >= 0.5 ? "fraud" : "legit", p), Double.NaN, 1_000);
                monitor.onPrediction(e);
                late.add(new FeedbackEvent<>(e, GroundTruth.label(rnd.nextDouble() < sigmoid(x) ? "fraud" : "legit"),
                        t0.plusSeconds(10_000)));
            }
            assertThat(sink.alerts()).filteredOn(a -> a.kind() == Alert.Kind.FIRED).extracting(Alert::rule)
                    .containsExactlyInAnyOrder("estimated-accuracy", "estimated-accuracy-band");
            late.forEach(monitor::onFeedback);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            String html = EstimationMonitorGuide.estimatedVersusRealised(monitor, registry);
            List<EstimatedWindow> windows = monitor.recentEstimates();
            assertThat(windows).hasSize(4);
            for (EstimatedWindow w : windows) {
                assertThat(w.realised().labelled()).isEqualTo(1_000);
                assertThat(Math.abs(w.value(EstimatedMetric.ACCURACY) - w.realised().accuracy())).isLessThan(0.045);
            }
            assertThat(windows.get(0).value(EstimatedMetric.ACCURACY)).isGreaterThan(0.75);
            assertThat(windows.get(3).value(EstimatedMetric.ACCURACY)).isLessThan(0.66);
            assertThat(registry.get("mlops.realised.accuracy").gauge().value())
                    .isEqualTo(windows.get(3).realised().accuracy());
            assertThat(html).contains("Estimated vs realised performance");
        }
    }
}
