package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.fleet.FleetState;

/** The firing records' decisions, including the races a compare-and-set loses. */
class IncidentsTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final String KEY = "alert/rule/ep/m/1";

    /**
     * A store where, while {@code raceNext} is set, another writer writes the register just before
     * this one's compare-and-set, which then fails; {@code down} fails every call.
     */
    private static final class RacedState implements FleetState {
        final FleetState delegate = FleetState.inMemory();
        boolean raceNext;
        boolean down;

        @Override
        public Optional<Register> read(String key) {
            check();
            return delegate.read(key);
        }

        @Override
        public boolean compareAndSet(String key, long expectedVersion, String value) {
            check();
            if (raceNext) {
                raceNext = false;
                delegate.compareAndSet(key, expectedVersion, "FIRING|interloper|" + T0.toEpochMilli());
            }
            return delegate.compareAndSet(key, expectedVersion, value);
        }

        private void check() {
            if (down) {
                throw new StoreException("down");
            }
        }

        @Override
        public void publishCounters(String scope, String replica, Map<String, Double> cumulative) {
            delegate.publishCounters(scope, replica, cumulative);
        }

        @Override
        public Map<String, Map<String, Double>> counters(String scope) {
            return delegate.counters(scope);
        }

        @Override
        public boolean offer(String queue, String itemKey, String payload, int capacity) {
            return delegate.offer(queue, itemKey, payload, capacity);
        }

        @Override
        public Optional<QueuedItem> take(String queue) {
            return delegate.take(queue);
        }

        @Override
        public int size(String queue) {
            return delegate.size(queue);
        }
    }

    private static MetricSample sample(double value, ManualClock clock) {
        return new MetricSample("mlops.input.missing.ratio", value, clock.now(), "ep", "m/1", "w", List.of());
    }

    private static Incidents incidents(FleetState state, String replica) {
        return new Incidents(new FleetAlerts(state, replica, Duration.ofMinutes(3)));
    }

    @Test
    void everyClaimThatLosesItsRaceStaysQuiet() {
        RacedState state = new RacedState();
        Incidents r1 = incidents(state, "r1");
        state.raceNext = true;
        assertThat(r1.claim(KEY, true, T0)).as("absent record").isEqualTo(Incidents.Claim.QUIET);

        state.delegate.compareAndSet("k2", 0, "RESOLVED|r9|0");
        state.raceNext = true;
        assertThat(r1.claim("k2", true, T0)).as("resolved record").isEqualTo(Incidents.Claim.QUIET);

        state.delegate.compareAndSet("k3", 0, "FIRING|r1|" + T0.toEpochMilli());
        state.raceNext = true;
        assertThat(r1.claim("k3", false, T0)).as("own record").isEqualTo(Incidents.Claim.QUIET);

        state.delegate.compareAndSet("k4", 0, "FIRING|r9|0");
        state.raceNext = true;
        assertThat(r1.claim("k4", true, T0)).as("expired record").isEqualTo(Incidents.Claim.QUIET);
        assertThat(state.delegate.read("k4").orElseThrow().value()).startsWith("FIRING|interloper|");
    }

    @Test
    void claimsWithoutRacesFollowTheRecord() {
        FleetState state = FleetState.inMemory();
        Incidents r1 = incidents(state, "r1");
        Incidents r2 = incidents(state, "r2");
        assertThat(r1.claim(KEY, true, T0)).isEqualTo(Incidents.Claim.PAGE);
        assertThat(r1.claim(KEY, false, T0.plusSeconds(60))).isEqualTo(Incidents.Claim.HOLD);
        assertThat(r1.claim(KEY, true, T0.plusSeconds(60))).as("a restarted holder").isEqualTo(Incidents.Claim.HOLD);
        assertThat(r2.claim(KEY, true, T0.plusSeconds(239))).isEqualTo(Incidents.Claim.QUIET);
        assertThat(r2.claim(KEY, true, T0.plusSeconds(240))).as("expired: a fresh fire pages")
                .isEqualTo(Incidents.Claim.PAGE);
        assertThat(r1.claim(KEY, false, T0.plusSeconds(600))).as("expired: a takeover holds")
                .isEqualTo(Incidents.Claim.HOLD);
        assertThat(r2.release(KEY, T0.plusSeconds(601))).as("not the holder any more").isFalse();
        assertThat(r1.release(KEY, T0.plusSeconds(601))).isTrue();
        assertThat(state.read(KEY).orElseThrow().value()).isEqualTo("RESOLVED|r1|" + T0.plusSeconds(601).toEpochMilli());
        assertThat(r1.release(KEY, T0.plusSeconds(602))).as("already resolved").isFalse();
        assertThat(r1.release("alert/never", T0)).isFalse();
        assertThat(r2.claim(KEY, true, T0.plusSeconds(603))).isEqualTo(Incidents.Claim.PAGE);
    }

    @Test
    void aReleaseThatLosesItsRaceOrMeetsALookalikeHolderIsRefused() {
        RacedState state = new RacedState();
        Incidents r1 = incidents(state, "r1");
        assertThat(r1.claim(KEY, true, T0)).isEqualTo(Incidents.Claim.PAGE);
        state.raceNext = true;
        assertThat(r1.release(KEY, T0)).isFalse();
        // "FIRING|r1|x|..." is held by the replica named "r1|x", not by "r1".
        state.delegate.compareAndSet("k5", 0, "FIRING|r1|x|" + T0.toEpochMilli());
        assertThat(r1.release("k5", T0)).isFalse();
        assertThat(incidents(state, "r1|x").release("k5", T0)).isTrue();
    }

    @Test
    void aKeyOfExactly250CharactersIsKeptAsItIs() {
        String rule = "r".repeat(250 - "alert///m".length() - 2);
        assertThat(Incidents.key(rule, "ep", "m")).hasSize(250).startsWith("alert/r");
        assertThat(Incidents.key(rule + "x", "ep", "m")).startsWith("alert/sha256/");
    }

    @Test
    void anEvaluatorAloneNeverTouchesAFleet() {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        AlertEvaluator alone = AlertEvaluator.of(clock, List.of(AlertRule.missingInputFraction(0.05)), List.of());
        alone.evaluate(sample(0.2, clock));
        alone.evaluate(sample(0.2, clock));
        assertThat(alone.evaluate(sample(0.0, clock)))
                .hasSize(1);
        assertThat(alone.fleetFailures()).isZero();
        assertThat(alone.suppressedByFleet()).isZero();
    }

    @Test
    void aQuietReplicaStaysQuietWhenTheStoreFailsAndARestartedHolderIsNotCountedAsSuppressed() {
        ManualClock clock = new ManualClock(T0);
        RacedState state = new RacedState();
        InMemoryAlertSink sink = AlertSinks.inMemory();
        AlertRule rule = AlertRule.missingInputFraction(0.05);
        AlertEvaluator r1 = AlertEvaluator.fleet(clock, List.of(rule), List.of(sink),
                new FleetAlerts(state, "r1", Duration.ofMinutes(3)));
        AlertEvaluator r2 = AlertEvaluator.fleet(clock, List.of(rule), List.of(sink),
                new FleetAlerts(state, "r2", Duration.ofMinutes(3)));
        r1.evaluate(sample(0.2, clock));
        r2.evaluate(sample(0.2, clock));
        assertThat(r2.suppressedByFleet()).isEqualTo(1);
        state.down = true;
        r2.evaluate(sample(0.2, clock));
        r2.evaluate(sample(0.0, clock));
        assertThat(sink.alerts()).as("the quiet replica neither pages nor resolves").hasSize(1);
        assertThat(r2.fleetFailures()).isEqualTo(1);
        state.down = false;
        AlertEvaluator r1Restarted = AlertEvaluator.fleet(clock, List.of(rule), List.of(sink),
                new FleetAlerts(state, "r1", Duration.ofMinutes(3)));
        assertThat(r1Restarted.evaluate(sample(0.2, clock)))
                .isEmpty();
        assertThat(r1Restarted.suppressedByFleet()).isZero();
        assertThat(r1Restarted.evaluate(sample(0.0, clock)))
                .as("it holds the incident, so it resolves it").hasSize(1);
    }

    @Test
    void aQuietReplicaRespectsItsCooldownBeforePagingAnew() {
        ManualClock clock = new ManualClock(T0);
        FleetState state = FleetState.inMemory();
        InMemoryAlertSink sink = AlertSinks.inMemory();
        AlertRule rule = AlertRule.missingInputFraction(0.05).withCooldown(Duration.ofMinutes(10));
        AlertEvaluator r1 = AlertEvaluator.fleet(clock, List.of(rule), List.of(sink),
                new FleetAlerts(state, "r1", Duration.ofMinutes(3)));
        AlertEvaluator r2 = AlertEvaluator.fleet(clock, List.of(rule), List.of(sink),
                new FleetAlerts(state, "r2", Duration.ofMinutes(3)));
        // r2 pages and resolves an incident; then r1 holds a second one while r2 fires quietly.
        r2.evaluate(sample(0.2, clock));
        r2.evaluate(sample(0.0, clock));
        clock.advance(Duration.ofMinutes(1));
        r1.evaluate(sample(0.2, clock));
        r2.evaluate(sample(0.2, clock));
        r1.evaluate(sample(0.0, clock));
        assertThat(sink.alerts(Alert.Kind.FIRED)).hasSize(2);
        // r2 still breaches, within its cooldown from its own page: no new page yet.
        clock.advance(Duration.ofMinutes(1));
        assertThat(r2.evaluate(sample(0.2, clock))).isEmpty();
        clock.advance(Duration.ofMinutes(9));
        assertThat(r2.evaluate(sample(0.2, clock)))
                .singleElement().extracting(Alert::kind).isEqualTo(Alert.Kind.FIRED);
    }

    @Test
    void aHolderInsideItsCooldownStillRenewsItsRecord() {
        ManualClock clock = new ManualClock(T0);
        FleetState state = FleetState.inMemory();
        InMemoryAlertSink sink = AlertSinks.inMemory();
        AlertRule rule = AlertRule.missingInputFraction(0.05).withCooldown(Duration.ofMinutes(10));
        AlertEvaluator r1 = AlertEvaluator.fleet(clock, List.of(rule), List.of(sink),
                new FleetAlerts(state, "r1", Duration.ofMinutes(3)));
        AlertEvaluator r2 = AlertEvaluator.fleet(clock, List.of(rule), List.of(sink),
                new FleetAlerts(state, "r2", Duration.ofMinutes(3)));
        r1.evaluate(sample(0.2, clock));
        for (int minute = 2; minute <= 6; minute += 2) {
            clock.advance(Duration.ofMinutes(2));
            r1.evaluate(sample(0.2, clock));
        }
        clock.advance(Duration.ofMinutes(1));
        r2.evaluate(sample(0.2, clock));
        assertThat(state.read(Incidents.key(rule.name(), "ep", "m/1")).orElseThrow().value()).startsWith("FIRING|r1|");
        assertThat(r1.evaluate(sample(0.0, clock))).singleElement().extracting(Alert::kind).isEqualTo(Alert.Kind.RESOLVED);
    }
}
