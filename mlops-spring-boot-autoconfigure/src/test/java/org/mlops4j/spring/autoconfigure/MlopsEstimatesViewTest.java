package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.monitoring.EstimatedWindow;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.PerformanceEstimation;
import org.mlops4j.monitoring.estimate.EstimatedMetric;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;

/** The Actuator endpoint shows a variant's estimated windows beside their realised figures. */
class MlopsEstimatesViewTest {

    @TempDir
    Path dir;

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachEstimatedWindowShowsItsBandAndRealisedFigures() throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(Files.writeString(
                Files.createTempFile(dir, "fraud", ".bin"), "fraud"))).build());
        Variant<Double, Double> champion = Variant.of("champion", x -> sigmoid(2 * x), registry.get("fraud", 1).orElseThrow());
        ModelEndpoint<Double, Double> endpoint = ModelEndpoint.<Double, Double>builder("fraud")
                .strategy(DeploymentStrategy.single(champion)).build();
        ModelRef model = champion.model();
        SplittableRandom rnd = new SplittableRandom(8);
        int n = 4_000;
        double[] scores = new double[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            double x = 4 * (rnd.nextDouble() - 0.5);
            scores[i] = sigmoid(2 * x);
            labels[i] = rnd.nextDouble() < sigmoid(x) ? "yes" : "no";
        }
        ManualClock clock = new ManualClock(Instant.parse("2026-02-01T00:00:00Z"));
        ModelMonitor<Double> monitor = ModelMonitor.builder(OutputReader.classifier((Double p) -> p >= 0.5 ? "yes" : "no"))
                .windowSize(500).clock(clock).sameThreadAnalysis()
                .estimatePerformance(PerformanceEstimation.<Double>binary("yes", scores, labels).withScore(p -> p))
                .build();
        List<FeedbackEvent<Object, Double>> truths = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            double x = 4 * (rnd.nextDouble() - 0.5);
            clock.advance(Duration.ofSeconds(1));
            PredictionEvent<Object, Double> e = PredictionEvent.success("p" + i, clock.now(), "fraud", "champion", model,
                    (Object) x, sigmoid(2 * x), Double.NaN, 1_000);
            monitor.onPrediction(e);
            truths.add(new FeedbackEvent<>(e, GroundTruth.label(rnd.nextDouble() < sigmoid(x) ? "yes" : "no"), clock.now()));
        }
        for (FeedbackEvent<Object, Double> f : truths.subList(0, 250)) {
            monitor.onFeedback(f);
        }
        MlopsEndpoints endpoints = new MlopsEndpoints(List.of(endpoint), List.of(), List.of(monitor),
                Map.of("fraud", monitor));
        MlopsActuatorEndpoint actuator = new MlopsActuatorEndpoint(endpoints, new FiringAlerts(), registry);
        Map<String, Object> view = actuator.endpoint("fraud");
        Map<String, Object> variant = ((List<Map<String, Object>>) view.get("variants")).get(0);
        List<Map<String, Object>> estimates = (List<Map<String, Object>>) variant.get("estimates");
        assertThat(estimates).hasSize(2);
        EstimatedWindow first = monitor.recentEstimates().get(0);
        Map<String, Object> e1 = estimates.get(0);
        assertThat(e1.get("number")).isEqualTo(1L);
        assertThat(e1.get("predictions")).isEqualTo(500L);
        assertThat(e1.get("unreadable")).isEqualTo(0L);
        Map<String, Object> accuracy = (Map<String, Object>) ((Map<String, Object>) e1.get("estimated")).get("accuracy");
        assertThat(accuracy.get("value")).isEqualTo(first.value(EstimatedMetric.ACCURACY));
        assertThat(accuracy.get("lower")).isEqualTo(first.lower(EstimatedMetric.ACCURACY));
        assertThat(accuracy.get("upper")).isEqualTo(first.upper(EstimatedMetric.ACCURACY));
        Map<String, Object> realised = (Map<String, Object>) e1.get("realised");
        assertThat(realised.get("labelled")).isEqualTo(250L);
        assertThat(realised.get("coverage")).isEqualTo(0.5);
        assertThat((Double) realised.get("accuracy")).isEqualTo(first.realised().accuracy()).isBetween(0.6, 0.85);
        assertThat(realised).doesNotContainKey("roc_auc");
        Map<String, Object> realised2 = (Map<String, Object>) estimates.get(1).get("realised");
        assertThat(realised2.get("labelled")).isEqualTo(0L);
        assertThat(realised2.get("accuracy")).isNull();

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (MlopsMeters binder = new MlopsMeters(endpoints)) {
            binder.bindTo(meters);
            EstimatedWindow second = monitor.recentEstimates().get(1);
            assertThat(meters.get("mlops.estimated.accuracy").tag("endpoint", "fraud").tag("variant", "champion")
                    .tag("model_version", "fraud/1").gauge().value()).isEqualTo(second.value(EstimatedMetric.ACCURACY));
            assertThat(meters.get("mlops.realised.accuracy").tag("endpoint", "fraud").gauge().value())
                    .isEqualTo(first.realised().accuracy());
            assertThat(meters.get("mlops.realised.coverage").tag("endpoint", "fraud").gauge().value()).isEqualTo(0.5);
        }
        monitor.close();
    }
}
