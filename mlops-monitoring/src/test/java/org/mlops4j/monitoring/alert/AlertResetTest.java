package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.signal.SignalKind;

/**
 * {@link AlertEvaluator#reset}: which states it starts afresh (one endpoint, some kinds), which
 * incidents it closes (announced ones only), and what it keeps (the cooldown); and the evaluator's
 * boundaries of hold duration and cooldown, on a manual clock.
 */
class AlertResetTest {

    private static final String SHARE = "mlops.drift.dataset.share";
    private static final String P99 = "mlops.prediction.latency.p99";

    private final ManualClock clock = ManualClock.startingAtEpoch2024();
    private final InMemoryAlertSink sink = AlertSinks.inMemory();

    private AlertEvaluator evaluator(AlertRule... rules) {
        return AlertEvaluator.of(clock, List.of(rules), List.of(sink));
    }

    private MetricSample sample(String metric, double value, String endpoint) {
        return new MetricSample(metric, value, clock.now(), endpoint, endpoint + "/1", "window", List.of());
    }

    @Test
    void resetClosesAnAnnouncedIncidentOfTheKindOnThatEndpointOnly() {
        AlertRule drift = AlertRule.datasetDriftShareAbove(0.5).withClearThreshold(0.3);
        AlertRule latency = AlertRule.above("slow", P99, 0.2);
        AlertEvaluator alarms = evaluator(drift, latency);
        alarms.evaluate(sample(SHARE, 0.8, "a"));
        alarms.evaluate(sample(SHARE, 0.8, "b"));
        alarms.evaluate(sample(P99, 0.5, "a"));
        assertThat(sink.alerts()).hasSize(3);
        clock.advance(Duration.ofMinutes(5));

        List<Alert> resolved = alarms.reset("a", Set.of(SignalKind.DATA_DRIFT), "re-baselined");

        assertThat(resolved).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(Alert.Kind.RESOLVED);
            assertThat(alert.rule()).isEqualTo("dataset-drift");
            assertThat(alert.metric()).isEqualTo(SHARE);
            assertThat(alert.value()).isNaN();
            assertThat(alert.threshold()).isEqualTo(0.3);
            assertThat(alert.window()).isEqualTo("re-baselined");
            assertThat(alert.endpoint()).isEqualTo("a");
            assertThat(alert.model()).isEqualTo("a/1");
            assertThat(alert.topDriftedFeatures()).isEmpty();
            assertThat(alert.timestamp()).isEqualTo(clock.now());
            assertThat(alert.signal()).isEqualTo(SignalKind.DATA_DRIFT);
        });
        assertThat(sink.alerts()).hasSize(4).endsWith(resolved.get(0));

        // Endpoint b and the latency rule of a are still firing: they resolve when their metric clears.
        assertThat(alarms.evaluate(sample(SHARE, 0.1, "b"))).extracting(Alert::kind)
                .containsExactly(Alert.Kind.RESOLVED);
        assertThat(alarms.evaluate(sample(P99, 0.1, "a"))).extracting(Alert::kind)
                .containsExactly(Alert.Kind.RESOLVED);
        // Endpoint a's drift rule was reset: clearing sends nothing, a new breach fires again.
        assertThat(alarms.evaluate(sample(SHARE, 0.1, "a"))).isEmpty();
        assertThat(alarms.evaluate(sample(SHARE, 0.9, "a"))).extracting(Alert::kind)
                .containsExactly(Alert.Kind.FIRED);
    }

    @Test
    void resetOfOtherKindsOrAnotherEndpointChangesNothing() {
        AlertEvaluator alarms = evaluator(AlertRule.datasetDriftShareAbove(0.5));
        alarms.evaluate(sample(SHARE, 0.8, "a"));

        assertThat(alarms.reset("a", Set.of(SignalKind.SOFTWARE, SignalKind.CONCEPT_DRIFT), "other kinds")).isEmpty();
        assertThat(alarms.reset("b", Set.of(SignalKind.DATA_DRIFT), "other endpoint")).isEmpty();
        assertThat(alarms.reset("a", Set.of(), "no kinds")).isEmpty();

        assertThat(alarms.evaluate(sample(SHARE, 0.9, "a"))).as("still firing: no second FIRED").isEmpty();
        assertThat(alarms.evaluate(sample(SHARE, 0.1, "a"))).extracting(Alert::kind)
                .containsExactly(Alert.Kind.RESOLVED);
    }

    @Test
    void resetForgetsAPendingHoldWithoutAnAlert() {
        AlertEvaluator alarms = evaluator(AlertRule.datasetDriftShareAbove(0.5).withHoldFor(3));
        alarms.evaluate(sample(SHARE, 0.8, "a"));
        alarms.evaluate(sample(SHARE, 0.8, "a"));

        assertThat(alarms.reset("a", Set.of(SignalKind.DATA_DRIFT), "re-baselined")).isEmpty();

        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).as("the hold starts again at 1 of 3").isEmpty();
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).isEmpty();
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).hasSize(1);
        assertThat(sink.alerts()).hasSize(1);
    }

    @Test
    void resetClosesASuppressedIncidentSilentlyAndKeepsTheCooldown() {
        AlertEvaluator alarms = evaluator(AlertRule.datasetDriftShareAbove(0.5).withCooldown(Duration.ofHours(1)));
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).hasSize(1);
        clock.advance(Duration.ofMinutes(10));
        assertThat(alarms.evaluate(sample(SHARE, 0.1, "a"))).hasSize(1);
        clock.advance(Duration.ofMinutes(10));
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).as("firing again, within the cooldown").isEmpty();
        assertThat(alarms.suppressedByCooldown()).isEqualTo(1);

        assertThat(alarms.reset("a", Set.of(SignalKind.DATA_DRIFT), "re-baselined"))
                .as("the suppressed incident was never announced").isEmpty();

        clock.advance(Duration.ofMinutes(10));
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).as("the cooldown is kept across the reset").isEmpty();
        assertThat(alarms.suppressedByCooldown()).isEqualTo(2);
        assertThat(alarms.evaluate(sample(SHARE, 0.1, "a"))).as("never announced: no RESOLVED").isEmpty();
        clock.advance(Duration.ofMinutes(30));
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).as("exactly one hour after the last FIRED")
                .extracting(Alert::kind).containsExactly(Alert.Kind.FIRED);
    }

    @Test
    void theHoldDurationIsMetExactlyWhenItHasPassed() {
        AlertEvaluator alarms = evaluator(AlertRule.datasetDriftShareAbove(0.5).withHoldDuration(Duration.ofMinutes(5)));
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).isEmpty();
        clock.advance(Duration.ofMinutes(5).minusNanos(1));
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).hasSize(1);
    }

    @Test
    void theCooldownEndsExactlyAfterItsDuration() {
        AlertEvaluator alarms = evaluator(AlertRule.datasetDriftShareAbove(0.5).withCooldown(Duration.ofMinutes(10)));
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).hasSize(1);
        alarms.evaluate(sample(SHARE, 0.1, "a"));
        clock.advance(Duration.ofMinutes(10).minusNanos(1));
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).isEmpty();
        alarms.evaluate(sample(SHARE, 0.1, "a"));
        clock.advance(Duration.ofNanos(1));
        assertThat(alarms.evaluate(sample(SHARE, 0.8, "a"))).hasSize(1);
    }

    @Test
    void theEvaluatorKeepsItsRulesInOrderAndLogsByDefault() {
        AlertRule b = AlertRule.above("b", P99, 0.2);
        AlertRule a = AlertRule.above("a", P99, 0.1);
        AlertEvaluator logging = AlertEvaluator.of(clock, List.of(b, a));

        assertThat(logging.rules()).containsExactly(b, a);
        assertThat(logging.evaluate(sample(P99, 0.15, "e"))).extracting(Alert::rule).containsExactly("a");
        assertThat(logging.sinkFailures()).isZero();
    }

    @Test
    void aNaNForAMetricNoRuleWatchesIsNotCounted() {
        AlertEvaluator alarms = evaluator(AlertRule.datasetDriftShareAbove(0.5), AlertRule.above("x", SHARE, 0.9));
        alarms.evaluate(sample(P99, Double.NaN, "a"));
        assertThat(alarms.ignoredNaN()).isZero();
        alarms.evaluate(sample(SHARE, Double.NaN, "a"));
        assertThat(alarms.ignoredNaN()).as("one per rule watching the metric").isEqualTo(2);
    }
}
