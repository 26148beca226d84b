package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.multivariate.MultivariateDriftResult;
import org.mlops4j.monitoring.multivariate.MultivariateWindow;

class MultivariateDriftGuideTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount"), Feature.numeric("age"));

    /** Amount and age, each standard normal around its own mean, with correlation rho. */
    private static List<Map<String, Object>> rows(int n, double rho, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = gaussian(random);
            double b = rho * a + Math.sqrt(1 - rho * rho) * gaussian(random);
            out.add(Map.of("amount", 100 + 20 * a, "age", 40 + 10 * b));
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void checkWindowFindsTheFlipAndNotAnUnchangedWindow() {
        List<Map<String, Object>> reference = rows(1_000, 0.9, 1);
        MultivariateDriftResult flipped = MultivariateDriftGuide.checkWindow(reference, rows(500, -0.9, 2));
        assertThat(flipped.pca().orElseThrow().drifted()).isTrue();
        assertThat(flipped.mmd().orElseThrow().drifted()).isTrue();
        assertThat(flipped.domainClassifier().orElseThrow().drifted()).isTrue();
        assertThat(MultivariateDriftGuide.checkWindow(reference, rows(500, 0.9, 3)).drifted()).isFalse();
    }

    @Test
    void theMonitorAlertsOnTheFlippedWindowAndReportsIt() {
        ManualClock clock = new ManualClock(Instant.parse("2026-02-02T00:00:00Z"));
        InMemoryAlertSink sink = AlertSinks.inMemory();
        List<MultivariateWindow> heard = new CopyOnWriteArrayList<>();
        try (ModelMonitor<String> monitor = MultivariateDriftGuide.monitor(SCHEMA, rows(1_000, 0.9, 1), sink, clock,
                heard)) {
            List<Map<String, Object>> traffic = new ArrayList<>(rows(1_000, 0.9, 4));
            traffic.addAll(rows(1_000, -0.9, 5));
            int id = 0;
            for (Map<String, Object> input : traffic) {
                clock.advance(Duration.ofMillis(5));
                monitor.onPrediction(PredictionEvent.success("p" + id++, clock.now(), "loans", "champion",
                        new ModelRef("loans", 1), input, "approve", 0.8, 2_000_000));
            }
            assertThat(heard).hasSize(2);
            assertThat(heard.get(0).result().drifted()).isFalse();
            assertThat(heard.get(1).result().drifted()).isTrue();
            assertThat(sink.alerts(Alert.Kind.FIRED).stream().map(Alert::rule))
                    .containsExactlyInAnyOrder("multivariate-mmd", "domain-classifier-auc");
            assertThat(MultivariateDriftGuide.report(monitor)).contains("<h2>Multivariate drift</h2>");
        }
    }

    @Test
    void aTribuoTreeIsTheDomainClassifier() {
        MultivariateDriftResult r = MultivariateDriftGuide.tribuoClassifier(SCHEMA, rows(1_000, 0.9, 1))
                .check(rows(500, -0.9, 2));
        assertThat(r.pca()).isEmpty();
        assertThat(r.domainClassifier().orElseThrow().auc()).isGreaterThan(0.85);
        assertThat(r.domainClassifier().orElseThrow().drifted()).isTrue();
    }
}
