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

/** The {@link AlertEvaluator}: one small state machine per rule, endpoint and model. */
final class RuleStates implements AlertEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(RuleStates.class);

    private record Key(String rule, String endpoint, String model) {
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

    RuleStates(Clock clock, List<AlertRule> rules, List<AlertSink> sinks) {
        this.clock = clock;
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
        if (watching.isEmpty()) {
            return List.of();
        }
        if (Double.isNaN(sample.value())) {
            ignoredNaN.add(watching.size());
            return List.of();
        }
        List<Alert> sent = new ArrayList<>(0);
        for (AlertRule rule : watching) {
            State state = states.computeIfAbsent(new Key(rule.name(), sample.endpoint(), sample.model()),
                    k -> new State());
            synchronized (state) {
                Alert alert = transition(rule, state, sample);
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
    private Alert transition(AlertRule rule, State state, MetricSample sample) {
        double value = sample.value();
        Instant now = clock.now();
        if (state.firing) {
            if (!rule.clears(value)) {
                return null;
            }
            boolean announced = state.announced;
            state.firing = false;
            state.announced = false;
            state.consecutiveBreaches = 0;
            state.breachStart = null;
            return announced ? alert(Alert.Kind.RESOLVED, rule, rule.clearThreshold(), sample, now) : null;
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
        if (state.lastFired != null && Duration.between(state.lastFired, now).compareTo(rule.cooldown()) < 0) {
            state.announced = false;
            suppressed.increment();
            return null;
        }
        state.announced = true;
        state.lastFired = now;
        return alert(Alert.Kind.FIRED, rule, rule.threshold(), sample, now);
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
                if (state.firing && state.announced) {
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
}
