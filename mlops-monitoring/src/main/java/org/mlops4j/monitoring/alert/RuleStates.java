package org.mlops4j.monitoring.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.Clock;
import org.mlops4j.core.signal.SignalKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AlertEvaluator}: one small state machine per rule, endpoint, model and segment (empty
 * for the whole traffic). A sample of a segment is seen by the rules watching its metric (one state
 * per segment) and by those watching {@link MetricSample#inSegment metric@segment}.
 */
final class RuleStates implements AlertEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(RuleStates.class);

    private record Key(String rule, String endpoint, String model, String segment) {
    }

    /** Mutable state of one rule for one endpoint and model; guarded by its own monitor. */
    private static final class State {
        int consecutiveBreaches;
        Instant breachStart;
        boolean firing;
        boolean announced;
        Instant lastFired;
    }

    private final Clock clock;
    private final List<AlertRule> rules;
    private final Map<String, List<AlertRule>> rulesByMetric;
    private final List<AlertSink> sinks;
    private final ConcurrentHashMap<Key, State> states = new ConcurrentHashMap<>();
    private final LongAdder ignoredNaN = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder sinkFailures = new LongAdder();
    /** The fleet's firing records, or null for an evaluator alone in its JVM. */
    private final Incidents incidents;
    private final LongAdder suppressedByFleet = new LongAdder();
    private final LongAdder fleetFailures = new LongAdder();

    RuleStates(Clock clock, List<AlertRule> rules, List<AlertSink> sinks) {
        this(clock, rules, sinks, null);
    }

    RuleStates(Clock clock, List<AlertRule> rules, List<AlertSink> sinks, FleetAlerts fleet) {
        this.clock = clock;
        this.incidents = fleet == null ? null : new Incidents(fleet);
        this.rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        this.sinks = List.copyOf(Objects.requireNonNull(sinks, "sinks"));
        Set<String> names = new HashSet<>();
        Map<String, List<AlertRule>> byMetric = new HashMap<>();
        for (AlertRule rule : this.rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("rules must have distinct names but '" + rule.name()
                        + "' appears more than once");
            }
            byMetric.computeIfAbsent(rule.metric(), m -> new ArrayList<>()).add(rule);
        }
        Map<String, List<AlertRule>> frozen = new HashMap<>();
        byMetric.forEach((metric, list) -> frozen.put(metric, List.copyOf(list)));
        this.rulesByMetric = Map.copyOf(frozen);
    }

    @Override
    public List<Alert> evaluate(MetricSample sample) {
        Objects.requireNonNull(sample, "sample");
        List<AlertRule> watching = rulesByMetric.getOrDefault(sample.metric(), List.of());
        if (!sample.segment().isEmpty()) {
            List<AlertRule> scoped = rulesByMetric.get(MetricSample.inSegment(sample.metric(), sample.segment()));
            if (scoped != null) {
                List<AlertRule> both = new ArrayList<>(watching);
                both.addAll(scoped);
                watching = both;
            }
        }
        if (watching.isEmpty()) {
            return List.of();
        }
        if (Double.isNaN(sample.value())) {
            ignoredNaN.add(watching.size());
            return List.of();
        }
        List<Alert> sent = new ArrayList<>(0);
        for (AlertRule rule : watching) {
            Key key = new Key(rule.name(), sample.endpoint(), sample.model(), sample.segment());
            State state = states.computeIfAbsent(key, k -> new State());
            synchronized (state) {
                Alert alert = transition(rule, state, sample, key);
                if (alert != null) {
                    // Sent under the state's monitor so FIRED and RESOLVED of one incident stay in order.
                    dispatch(alert);
                    sent.add(alert);
                }
            }
        }
        return sent;
    }

    /** Returns the alert to send, or null when the sample causes none. */
    private Alert transition(AlertRule rule, State state, MetricSample sample, Key key) {
        double value = sample.value();
        Instant now = clock.now();
        if (state.firing) {
            if (!rule.clears(value)) {
                return incidents == null ? null : stillFiring(rule, state, sample, key, now);
            }
            boolean announced = state.announced;
            state.firing = false;
            state.announced = false;
            state.consecutiveBreaches = 0;
            state.breachStart = null;
            return announced && release(key, now) ? alert(Alert.Kind.RESOLVED, rule, rule.clearThreshold(), sample, now)
                    : null;
        }
        if (!rule.breaches(value)) {
            state.consecutiveBreaches = 0;
            state.breachStart = null;
            return null;
        }
        if (state.breachStart == null) {
            state.breachStart = now;
        }
        state.consecutiveBreaches++;
        boolean heldLongEnough = Duration.between(state.breachStart, now).compareTo(rule.holdDuration()) >= 0;
        if (state.consecutiveBreaches < rule.holdFor() || !heldLongEnough) {
            return null;
        }
        state.firing = true;
        if (inCooldown(rule, state, now)) {
            state.announced = false;
            suppressed.increment();
            return null;
        }
        Incidents.Claim claim = claim(key, true, false, now);
        state.announced = claim != Incidents.Claim.QUIET;
        if (claim == Incidents.Claim.QUIET) {
            suppressedByFleet.increment();
        }
        if (claim != Incidents.Claim.PAGE) {
            return null;
        }
        state.lastFired = now;
        return alert(Alert.Kind.FIRED, rule, rule.threshold(), sample, now);
    }

    private static boolean inCooldown(AlertRule rule, State state, Instant now) {
        return state.lastFired != null && Duration.between(state.lastFired, now).compareTo(rule.cooldown()) < 0;
    }

    /**
     * A fleet's rule keeps firing here: the holder renews its record; a quiet replica takes over an
     * expired record, or pages anew when the incident was resolved while it still breaches (unless
     * its cooldown holds).
     */
    private Alert stillFiring(AlertRule rule, State state, MetricSample sample, Key key, Instant now) {
        if (!state.announced && inCooldown(rule, state, now)) {
            return null;
        }
        Incidents.Claim claim = claim(key, false, state.announced, now);
        state.announced = claim != Incidents.Claim.QUIET;
        if (claim != Incidents.Claim.PAGE) {
            return null;
        }
        state.lastFired = now;
        return alert(Alert.Kind.FIRED, rule, rule.threshold(), sample, now);
    }

    /**
     * The fleet's answer, or this evaluator's own when alone. A store failure pages a new incident
     * (a duplicate page rather than a missed one) and otherwise keeps what this replica held.
     */
    private Incidents.Claim claim(Key key, boolean fresh, boolean holding, Instant now) {
        if (incidents == null) {
            return Incidents.Claim.PAGE;
        }
        try {
            return incidents.claim(incidentKey(key), fresh, now);
        } catch (RuntimeException e) {
            fleetFailures.increment();
            LOG.warn("Alert rule {} on {}: reading the fleet's firing record failed; acting alone", key.rule(),
                    key.endpoint(), e);
            return fresh ? Incidents.Claim.PAGE : holding ? Incidents.Claim.HOLD : Incidents.Claim.QUIET;
        }
    }

    /** Whether this replica resolves the incident: always alone; in a fleet when it still holds the record. */
    private boolean release(Key key, Instant now) {
        if (incidents == null) {
            return true;
        }
        try {
            return incidents.release(incidentKey(key), now);
        } catch (RuntimeException e) {
            fleetFailures.increment();
            LOG.warn("Alert rule {} on {}: releasing the fleet's firing record failed; resolving anyway (the record"
                    + " expires)", key.rule(), key.endpoint(), e);
            return true;
        }
    }

    /** The fleet's record of a state: a segment's incident is its own, apart from the whole traffic's. */
    private static String incidentKey(Key key) {
        String rule = key.segment().isEmpty() ? key.rule() : MetricSample.inSegment(key.rule(), key.segment());
        return Incidents.key(rule, key.endpoint(), key.model());
    }

    private static Alert alert(Alert.Kind kind, AlertRule rule, double threshold, MetricSample sample,
                               Instant now) {
        return new Alert(kind, rule.name(), rule.severity(), sample.metric(), sample.value(), threshold,
                sample.window(), sample.endpoint(), sample.model(), sample.topDriftedFeatures(), now, rule.signal());
    }

    private void dispatch(Alert alert) {
        for (AlertSink sink : sinks) {
            try {
                sink.send(alert);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                // A sink is user code: its failure must not reach the caller or the other sinks.
                sinkFailures.increment();
                LOG.warn("Alert sink {} failed for rule {}: {}", sink, alert.rule(), e.toString(), e);
            }
        }
    }

    @Override
    public List<Alert> reset(String endpoint, Set<SignalKind> kinds, String reason) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(kinds, "kinds");
        Objects.requireNonNull(reason, "reason");
        Map<String, AlertRule> byName = new HashMap<>();
        rules.forEach(r -> byName.put(r.name(), r));
        List<Alert> sent = new ArrayList<>(0);
        for (Map.Entry<Key, State> e : states.entrySet()) {
            Key key = e.getKey();
            AlertRule rule = byName.get(key.rule());
            if (!key.endpoint().equals(endpoint) || rule == null || !kinds.contains(rule.signal())) {
                continue;
            }
            State state = e.getValue();
            synchronized (state) {
                if (state.firing && state.announced && release(key, clock.now())) {
                    Alert resolved = new Alert(Alert.Kind.RESOLVED, rule.name(), rule.severity(), rule.metric(),
                            Double.NaN, rule.clearThreshold(), reason, key.endpoint(), key.model(), List.of(),
                            clock.now(), rule.signal());
                    dispatch(resolved);
                    sent.add(resolved);
                }
                state.firing = false;
                state.announced = false;
                state.consecutiveBreaches = 0;
                state.breachStart = null;
            }
        }
        return sent;
    }

    @Override
    public List<AlertRule> rules() {
        return rules;
    }

    @Override
    public long ignoredNaN() {
        return ignoredNaN.sum();
    }

    @Override
    public long suppressedByCooldown() {
        return suppressed.sum();
    }

    @Override
    public long sinkFailures() {
        return sinkFailures.sum();
    }

    @Override
    public long suppressedByFleet() {
        return suppressedByFleet.sum();
    }

    @Override
    public long fleetFailures() {
        return fleetFailures.sum();
    }
}
