package org.mlops4j.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.multivariate.MultivariateDrift;
import org.mlops4j.monitoring.multivariate.MultivariateDriftConfig;
import org.mlops4j.monitoring.multivariate.MultivariateWindow;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.report.MonitoringReport;

class ModelMonitorMultivariateTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"), Feature.numeric("y"));
    private static final ModelRef MODEL = new ModelRef("risk", 2);
    private final ManualClock clock = new ManualClock(java.time.Instant.parse("2026-01-05T00:00:00Z"));
    private final SplittableRandom random = new SplittableRandom(11);
    private long ids;

    private Map<String, Object> row(double rho) {
        double x = gaussian();
        return Map.of("x", x, "y", rho * x + Math.sqrt(1 - rho * rho) * gaussian());
    }

    private double gaussian() {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private void serve(ModelMonitor<String> monitor, int n, double rho) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofMillis(10));
            monitor.onPrediction(PredictionEvent.success("p" + ids++, clock.now(), "risk-api", "champion", MODEL,
                    row(rho), "ok", 0.9, 1_000_000));
        }
    }

    @Test
    void aCorrelationFlipPassesTheMonitorsDriftTestsButRaisesMultivariateAlerts() {
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            reference.add(row(0.9));
        }
        MultivariateDrift drift = MultivariateDrift.fit(SCHEMA, reference,
                MultivariateDriftConfig.builder().maxRows(300).build());
        InMemoryAlertSink sink = AlertSinks.inMemory();
        AlertEvaluator alerts = AlertEvaluator.of(clock, List.of(
                AlertRule.featureDriftDetected(),
                AlertRule.above("pca-error", MetricName.MULTIVARIATE_PCA_ERROR.key(), 0.5),
                AlertRule.above("mmd-drift", MetricName.MULTIVARIATE_MMD_DRIFT.key(), 0.0),
                AlertRule.below("domain-p", MetricName.MULTIVARIATE_MMD_P_VALUE.key(), 0.05),
                AlertRule.above("domain-drift", MetricName.MULTIVARIATE_DOMAIN_DRIFT.key(), 0.0),
                AlertRule.above("domain-auc", MetricName.MULTIVARIATE_DOMAIN_AUC.key(), 0.7),
                AlertRule.above("pca-drift", MetricName.MULTIVARIATE_PCA_DRIFT.key(), 0.0)), List.of(sink));
        List<MultivariateWindow> heard = new CopyOnWriteArrayList<>();
        ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.classifier((String s) -> s))
                .reference(ReferenceProfile.of(SCHEMA, reference)).multivariateDrift(drift).windowSize(500)
                .alerts(alerts).clock(clock).sameThreadAnalysis().listener(new MonitorListener() {
                    @Override
                    public void onMultivariateDrift(MultivariateWindow window) {
                        heard.add(window);
                    }
                }).build();

        serve(monitor, 500, 0.9);
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).result().drifted()).isFalse();
        assertThat(sink.alerts()).isEmpty();

        serve(monitor, 500, -0.9);
        assertThat(monitor.recentWindows()).hasSize(2);
        WindowMetrics flipped = monitor.recentWindows().get(1);
        assertThat(flipped.driftedFeatures()).as("univariate drift through the monitor's DriftCheckConfig").isEmpty();
        assertThat(heard).hasSize(2);
        MultivariateWindow w = heard.get(1);
        assertThat(w.window()).isEqualTo(2);
        assertThat(w.endpoint()).isEqualTo("risk-api");
        assertThat(w.model()).isEqualTo("risk/2");
        assertThat(w.result().rows()).isEqualTo(500);
        assertThat(w.result().pca().orElseThrow().drifted()).isTrue();
        assertThat(w.result().mmd().orElseThrow().drifted()).isTrue();
        assertThat(w.result().domainClassifier().orElseThrow().drifted()).isTrue();
        assertThat(sink.alerts(Alert.Kind.FIRED).stream().map(Alert::rule))
                .containsExactlyInAnyOrder("pca-error", "pca-drift", "mmd-drift", "domain-p", "domain-drift", "domain-auc");
        assertThat(monitor.recentMultivariateWindows()).containsExactlyElementsOf(heard);

        // A flushed window of 5 rows is too small to check: no result, no failure.
        serve(monitor, 5, 0.9);
        monitor.flush();
        assertThat(monitor.recentWindows()).hasSize(3);
        assertThat(heard).hasSize(2);
        assertThat(monitor.analysisFailures()).isZero();

        MonitoringReport report = MonitoringReport.builder().clock(clock).monitor(monitor).build();
        assertThat(report.multivariateWindows()).hasSize(2);
        assertThat(report.toHtml()).contains("<h2>Multivariate drift</h2>").contains("<td>drift</td>")
                .contains("<td>no drift</td>");
        assertThat(report.toJson()).contains("\"multivariateDrift\"").contains("\"domainClassifier\"");
    }

    @Test
    void multivariateDriftNeedsAReferenceProfileWithItsFeatures() {
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reference.add(row(0.9));
        }
        MultivariateDrift drift = MultivariateDrift.fit(SCHEMA, reference, MultivariateDriftConfig.ofDefaults());
        assertThatThrownBy(() -> ModelMonitor.builder().schema(SCHEMA).multivariateDrift(drift).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("multivariateDrift needs a reference profile");
        Schema onlyX = Schema.of(Feature.numeric("x"));
        List<Map<String, Object>> xs = reference.stream().map(r -> Map.of("x", r.get("x"))).toList();
        assertThatThrownBy(() -> ModelMonitor.builder().reference(ReferenceProfile.of(onlyX, xs))
                .multivariateDrift(drift).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("multivariateDrift reads feature 'y' that the monitor's schema lacks");
    }
}
