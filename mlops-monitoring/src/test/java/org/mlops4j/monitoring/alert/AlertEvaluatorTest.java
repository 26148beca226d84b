package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRef;

class AlertEvaluatorTest {

    private static final String MISSING = "mlops.input.missing.ratio";

    private final ManualClock clock = ManualClock.startingAtEpoch2024();
    private final InMemoryAlertSink sink = AlertSinks.inMemory();

    private AlertEvaluator evaluator(AlertRule... rules) {
        return AlertEvaluator.of(clock, List.of(rules), List.of(sink));
    }

    private MetricSample sample(String metric, double value) {
        return sample(metric, value, "churn-api", "churn/3");
    }

    private MetricSample sample(String metric, double value, String endpoint, String model) {
        return new MetricSample(metric, value, clock.now(), endpoint, model, "last 1000", List.of());
    }

    @Test
    void firesOnlyAfterHoldForConsecutiveBreaches() {
        AlertEvaluator alarms = evaluator(AlertRule.missingInputFraction(0.05).withHoldFor(3));
        alarms.evaluate(sample(MISSING, 0.1));
        alarms.evaluate(sample(MISSING, 0.1));
        alarms.evaluate(sample(MISSING, 0.01)); // breaks the run
        alarms.evaluate(sample(MISSING, 0.1));
        alarms.evaluate(sample(MISSING, 0.1));
        assertThat(sink.alerts()).isEmpty();
        List<Alert> sent = alarms.evaluate(sample(MISSING, 0.2));
        assertThat(sent).hasSize(1);
        assertThat(sink.alerts()).containsExactlyElementsOf(sent);
        Alert alert = sent.get(0);
        assertThat(alert.kind()).isEqualTo(Alert.Kind.FIRED);
        assertThat(alert.rule()).isEqualTo("missing-input-fraction");
        assertThat(alert.metric()).isEqualTo(MISSING);
        assertThat(alert.value()).isEqualTo(0.2);
        assertThat(alert.threshold()).isEqualTo(0.05);
        assertThat(alert.endpoint()).isEqualTo("churn-api");
        assertThat(alert.model()).isEqualTo("churn/3");
        assertThat(alert.window()).isEqualTo("last 1000");
        assertThat(alert.timestamp()).isEqualTo(clock.now());
    }

    @Test
    void firesOnlyAfterTheBreachHeldForTheHoldDuration() {
        AlertEvaluator alarms = evaluator(AlertRule.missingInputFraction(0.05)
                .withHoldDuration(Duration.ofMinutes(5)));
        alarms.evaluate(sample(MISSING, 0.1));
        clock.advance(Duration.ofMinutes(4));
        alarms.evaluate(sample(MISSING, 0.1));
        assertThat(sink.alerts()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        alarms.evaluate(sample(MISSING, 0.1));
        assertThat(sink.alerts(Alert.Kind.FIRED)).hasSize(1);
    }

    @Test
    void holdDurationRestartsWhenTheBreachIsInterrupted() {
        AlertEvaluator alarms = evaluator(AlertRule.missingInputFraction(0.05)
                .withHoldDuration(Duration.ofMinutes(5)));
        alarms.evaluate(sample(MISSING, 0.1));
        clock.advance(Duration.ofMinutes(3));
        alarms.evaluate(sample(MISSING, 0.0));
        clock.advance(Duration.ofMinutes(3));
        alarms.evaluate(sample(MISSING, 0.1));
        clock.advance(Duration.ofMinutes(3));
        alarms.evaluate(sample(MISSING, 0.1));
        assertThat(sink.alerts()).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        alarms.evaluate(sample(MISSING, 0.1));
        assertThat(sink.alerts()).hasSize(1);
    }

    @Test
    void hysteresisKeepsFiringUntilBelowTheClearThresholdAndNeverRefiresWhileFiring() {
        AlertEvaluator alarms = evaluator(AlertRule.missingInputFraction(0.05).withClearThreshold(0.03));
        alarms.evaluate(sample(MISSING, 0.06));
        alarms.evaluate(sample(MISSING, 0.04));
        alarms.evaluate(sample(MISSING, 0.07));
        alarms.evaluate(sample(MISSING, 0.035));
        assertThat(sink.alerts()).extracting(Alert::kind).containsExactly(Alert.Kind.FIRED);
        List<Alert> resolved = alarms.evaluate(sample(MISSING, 0.03));
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.Kind.RESOLVED);
            assertThat(a.threshold()).isEqualTo(0.03);
            assertThat(a.value()).isEqualTo(0.03);
        });
        alarms.evaluate(sample(MISSING, 0.04));
        assertThat(sink.alerts()).hasSize(2);
        alarms.evaluate(sample(MISSING, 0.06));
        assertThat(sink.alerts()).extracting(Alert::kind)
                .containsExactly(Alert.Kind.FIRED, Alert.Kind.RESOLVED, Alert.Kind.FIRED);
    }

    @Test
    void cooldownSuppressesAFlappingMetric() {
        Duration cooldown = Duration.ofSeconds(10);
        AlertEvaluator alarms = evaluator(AlertRule.missingInputFraction(0.05).withCooldown(cooldown));
        java.time.Instant start = clock.now();
        for (int i = 0; i < 100; i++) {
            if (i > 0) {
                clock.advance(Duration.ofSeconds(1));
            }
            alarms.evaluate(sample(MISSING, i % 2 == 0 ? 0.5 : 0.0));
        }
        long elapsed = Duration.between(start, clock.now()).toSeconds();
        long expected = (elapsed + cooldown.toSeconds() - 1) / cooldown.toSeconds();
        List<Alert> fired = sink.alerts(Alert.Kind.FIRED);
        assertThat(fired).hasSize((int) expected).hasSize(10);
        assertThat(sink.alerts(Alert.Kind.RESOLVED)).hasSameSizeAs(fired);
        for (int i = 1; i < fired.size(); i++) {
            assertThat(Duration.between(fired.get(i - 1).timestamp(), fired.get(i).timestamp()))
                    .isGreaterThanOrEqualTo(cooldown);
        }
        assertThat(alarms.suppressedByCooldown()).isEqualTo(50 - 10);
    }

    @Test
    void belowRuleFiresOnLowAccuracyAndResolvesAboveTheClearThreshold() {
        AlertEvaluator alarms = evaluator(AlertRule.accuracyBelow(0.8).withClearThreshold(0.85)
                .withSeverity(Severity.CRITICAL));
        String metric = "mlops.performance.accuracy";
        alarms.evaluate(sample(metric, 0.9));
        alarms.evaluate(sample(metric, 0.75));
        alarms.evaluate(sample(metric, 0.82));
        alarms.evaluate(sample(metric, 0.86));
        assertThat(sink.alerts()).extracting(Alert::kind, Alert::severity, Alert::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Alert.Kind.FIRED, Severity.CRITICAL, 0.75),
                org.assertj.core.groups.Tuple.tuple(Alert.Kind.RESOLVED, Severity.CRITICAL, 0.86));
    }

    @Test
    void nanValuesAreIgnoredAndCounted() {
        AlertEvaluator alarms = evaluator(AlertRule.missingInputFraction(0.05).withHoldFor(2));
        alarms.evaluate(sample(MISSING, 0.1));
        alarms.evaluate(sample(MISSING, Double.NaN)); // neither breaks the run nor counts toward it
        assertThat(sink.alerts()).isEmpty();
        alarms.evaluate(sample(MISSING, 0.1));
        assertThat(sink.alerts()).hasSize(1);
        alarms.evaluate(sample(MISSING, Double.NaN)); // does not clear
        assertThat(sink.alerts()).hasSize(1);
        assertThat(alarms.ignoredNaN()).isEqualTo(2);
    }

    @Test
    void stateIsSeparatePerEndpointAndModel() {
        AlertEvaluator alarms = evaluator(AlertRule.missingInputFraction(0.05).withHoldFor(2));
        alarms.evaluate(sample(MISSING, 0.1, "a", "churn/3"));
        alarms.evaluate(sample(MISSING, 0.1, "b", "churn/3"));
        alarms.evaluate(sample(MISSING, 0.1, "a", "churn/4"));
        assertThat(sink.alerts()).isEmpty();
        alarms.evaluate(sample(MISSING, 0.1, "a", "churn/3"));
        assertThat(sink.alerts()).extracting(Alert::endpoint, Alert::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "churn/3"));
        alarms.evaluate(MetricSample.of(MISSING, 0.1, clock.now(), "a", new ModelRef("churn", 4), "w"));
        assertThat(sink.alerts()).extracting(Alert::model).containsExactly("churn/3", "churn/4");
    }

    @Test
    void alertCarriesTheTopDriftedFeatures() {
        AlertEvaluator alarms = evaluator(AlertRule.datasetDriftShareAbove(0.3));
        List<DriftedFeature> top = List.of(new DriftedFeature("age", 0.41), new DriftedFeature("income", 0.22));
        alarms.evaluate(sample("mlops.drift.dataset.share", 0.5).withTopDriftedFeatures(top));
        assertThat(sink.alerts()).singleElement().extracting(Alert::topDriftedFeatures).isEqualTo(top);
    }

    @Test
    void samplesForUnwatchedMetricsAreIgnored() {
        AlertEvaluator alarms = evaluator(AlertRule.missingInputFraction(0.05));
        assertThat(alarms.evaluate(sample("other.metric", 99))).isEmpty();
        assertThat(alarms.ignoredNaN()).isZero();
    }

    @Test
    void aThrowingSinkDoesNotStopTheOthers() {
        InMemoryAlertSink after = AlertSinks.inMemory();
        AlertSink broken = alert -> {
            throw new IllegalStateException("boom");
        };
        AtomicInteger callbacks = new AtomicInteger();
        AlertEvaluator alarms = AlertEvaluator.of(clock, List.of(AlertRule.missingInputFraction(0.05)),
                List.of(sink, broken, AlertSinks.callback(a -> callbacks.incrementAndGet()), after,
                        AlertSinks.log()));
        List<Alert> sent = alarms.evaluate(sample(MISSING, 0.5));
        assertThat(sent).hasSize(1);
        assertThat(sink.alerts()).hasSize(1);
        assertThat(after.alerts()).hasSize(1);
        assertThat(callbacks).hasValue(1);
        assertThat(alarms.sinkFailures()).isEqualTo(1);
    }

    @Test
    void duplicateRuleNamesAreRejected() {
        assertThatThrownBy(() -> evaluator(AlertRule.missingInputFraction(0.1), AlertRule.missingInputFraction(0.2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing-input-fraction");
    }

    @Test
    void eightThreadsBreachingTheSameRuleFireExactlyOnce() throws Exception {
        AlertEvaluator alarms = evaluator(AlertRule.errorRateAbove(0.01).withHoldFor(5));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    for (int i = 0; i < 1000; i++) {
                        alarms.evaluate(sample("mlops.prediction.error.ratio", 0.5));
                    }
                    return null;
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sink.alerts()).singleElement().extracting(Alert::kind).isEqualTo(Alert.Kind.FIRED);
    }
}
