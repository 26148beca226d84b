package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.fleet.FleetState;

/** Evaluators of several replicas sharing their firing state: an incident pages once. */
class FleetAlertsTest {

    private static final String MISSING = "mlops.input.missing.ratio";
    private static final AlertRule RULE = AlertRule.missingInputFraction(0.05).withClearThreshold(0.03);

    private final ManualClock clock = ManualClock.startingAtEpoch2024();
    private final InMemoryAlertSink sink = AlertSinks.inMemory();

    private AlertEvaluator replica(FleetState state, String id) {
        return AlertEvaluator.fleet(clock, List.of(RULE), List.of(sink), new FleetAlerts(state, id, Duration.ofMinutes(3)));
    }

    private MetricSample sample(double value) {
        return new MetricSample(MISSING, value, clock.now(), "churn-api", "churn/3", "last 1000", List.of());
    }

    @Test
    void aRuleFiringOnThreeReplicasPagesOnceAndTheHolderResolves() {
        FleetState state = FleetState.inMemory();
        List<AlertEvaluator> replicas = List.of(replica(state, "r1"), replica(state, "r2"), replica(state, "r3"));
        for (int round = 0; round < 3; round++) {
            for (AlertEvaluator r : replicas) {
                r.evaluate(sample(0.2));
            }
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(sink.alerts(Alert.Kind.FIRED)).hasSize(1);
        assertThat(replicas.get(1).suppressedByFleet() + replicas.get(2).suppressedByFleet()).isEqualTo(2);
        // A non-holder clearing sends nothing; the holder (r1, the first to fire) resolves the incident.
        replicas.get(2).evaluate(sample(0.0));
        assertThat(sink.alerts(Alert.Kind.RESOLVED)).isEmpty();
        replicas.get(0).evaluate(sample(0.0));
        assertThat(sink.alerts(Alert.Kind.RESOLVED)).hasSize(1);
        assertThat(state.read("alert/" + RULE.name() + "/churn-api/churn/3").orElseThrow().value()).startsWith("RESOLVED|r1|");
        // r2 still breaches: it pages anew at its next sample and then holds the new incident.
        clock.advance(Duration.ofMinutes(1));
        replicas.get(1).evaluate(sample(0.2));
        assertThat(sink.alerts(Alert.Kind.FIRED)).hasSize(2);
        replicas.get(1).evaluate(sample(0.0));
        assertThat(sink.alerts(Alert.Kind.RESOLVED)).hasSize(2);
    }

    @Test
    void aHolderThatStopsRenewingIsTakenOverSilentlyAndTheNewHolderResolves() {
        FleetState state = FleetState.inMemory();
        AlertEvaluator r1 = replica(state, "r1");
        AlertEvaluator r2 = replica(state, "r2");
        r1.evaluate(sample(0.2));
        r2.evaluate(sample(0.2));
        clock.advance(Duration.ofMinutes(2));
        r2.evaluate(sample(0.2));
        assertThat(state.read("alert/" + RULE.name() + "/churn-api/churn/3").orElseThrow().value())
                .as("not expired yet").startsWith("FIRING|r1|");
        clock.advance(Duration.ofMinutes(1));
        r2.evaluate(sample(0.2));
        assertThat(state.read("alert/" + RULE.name() + "/churn-api/churn/3").orElseThrow().value()).startsWith("FIRING|r2|");
        assertThat(sink.alerts(Alert.Kind.FIRED)).as("taken over, not paged again").hasSize(1);
        r2.evaluate(sample(0.0));
        assertThat(sink.alerts(Alert.Kind.RESOLVED)).hasSize(1);
        // The old holder comes back and clears: it no longer holds the incident, so it sends nothing.
        r1.evaluate(sample(0.0));
        assertThat(sink.alerts(Alert.Kind.RESOLVED)).hasSize(1);
    }

    @Test
    void aHolderTakenOverSendsNothingWhenReset() {
        FleetState state = FleetState.inMemory();
        AlertEvaluator r1 = replica(state, "r1");
        AlertEvaluator r2 = replica(state, "r2");
        r1.evaluate(sample(0.2));
        r2.evaluate(sample(0.2));
        clock.advance(Duration.ofMinutes(3));
        r2.evaluate(sample(0.2));
        assertThat(r1.reset("churn-api", Set.of(RULE.signal()), "rebaselined")).isEmpty();
        assertThat(r2.reset("churn-api", Set.of(RULE.signal()), "rebaselined")).hasSize(1);
    }

    @Test
    void aResetResolvesOnlyTheHoldersIncident() {
        FleetState state = FleetState.inMemory();
        AlertEvaluator r1 = replica(state, "r1");
        AlertEvaluator r2 = replica(state, "r2");
        r1.evaluate(sample(0.2));
        r2.evaluate(sample(0.2));
        assertThat(r2.reset("churn-api", Set.of(RULE.signal()), "rebaselined")).isEmpty();
        assertThat(r1.reset("churn-api", Set.of(RULE.signal()), "rebaselined")).hasSize(1);
    }

    @Test
    void anUnreachableStorePagesAsIfAloneAndIsCounted() {
        FleetState inMemory = FleetState.inMemory();
        FleetState down = new FleetState() {
            @Override
            public Optional<Register> read(String key) {
                throw new StoreException("fleet store down");
            }

            @Override
            public boolean compareAndSet(String key, long expectedVersion, String value) {
                throw new StoreException("fleet store down");
            }

            @Override
            public void publishCounters(String scope, String replica, Map<String, Double> cumulative) {
                inMemory.publishCounters(scope, replica, cumulative);
            }

            @Override
            public Map<String, Map<String, Double>> counters(String scope) {
                return inMemory.counters(scope);
            }

            @Override
            public boolean offer(String queue, String itemKey, String payload, int capacity) {
                return inMemory.offer(queue, itemKey, payload, capacity);
            }

            @Override
            public Optional<QueuedItem> take(String queue) {
                return inMemory.take(queue);
            }

            @Override
            public int size(String queue) {
                return inMemory.size(queue);
            }
        };
        AlertEvaluator r1 = replica(down, "r1");
        r1.evaluate(sample(0.2));
        r1.evaluate(sample(0.2));
        r1.evaluate(sample(0.0));
        assertThat(sink.alerts(Alert.Kind.FIRED)).hasSize(1);
        assertThat(sink.alerts(Alert.Kind.RESOLVED)).hasSize(1);
        assertThat(r1.fleetFailures()).isEqualTo(3);
    }

    @Test
    void aLongKeyIsHashedAndBadSettingsAreRefused() {
        assertThat(Incidents.key("r".repeat(200), "e".repeat(100), "m/1")).startsWith("alert/sha256/").hasSize(77);
        assertThat(Incidents.key("rule", "ep", "m/1")).isEqualTo("alert/rule/ep/m/1");
        FleetState state = FleetState.inMemory();
        assertThatThrownBy(() -> new FleetAlerts(state, " ", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replica").hasMessageContaining("' '");
        assertThatThrownBy(() -> new FleetAlerts(state, "r1", Duration.ZERO))
                .hasMessageContaining("expiry must be positive but was PT0S");
        assertThat(AlertEvaluator.of(clock, List.of(RULE)).suppressedByFleet()).isZero();
        assertThat(AlertEvaluator.of(clock, List.of(RULE)).fleetFailures()).isZero();
    }
}
