package org.mlops4j.monitoring.alert;

import java.util.List;
import java.util.Objects;
import org.mlops4j.core.Clock;

/**
 * Applies {@link AlertRule}s to {@link MetricSample}s and sends the resulting {@link Alert}s to
 * {@link AlertSink}s.
 *
 * <p>State is kept per rule, endpoint and model version. A rule goes from OK to FIRING once its
 * breach has held for {@link AlertRule#holdFor()} consecutive samples and for
 * {@link AlertRule#holdDuration()} (measured with the evaluator's clock from the first breaching
 * sample); a FIRED alert is sent unless the last one for the same state was sent less than
 * {@link AlertRule#cooldown()} ago. While FIRING, further breaches send nothing; a sample at or past
 * the clear threshold returns the state to OK and sends a RESOLVED alert if the incident was
 * announced by a FIRED alert. A non-breaching sample while OK resets the hold. NaN values change
 * nothing and are counted.
 *
 * <p>In a fleet ({@link #fleet}), a rule firing on several replicas pages once: see
 * {@link FleetAlerts} for who sends FIRED and RESOLVED.
 *
 * <p>Thread-safe: many threads may evaluate at once; transitions of one state are serialised.
 * Every sink call is guarded: a sink that throws is logged and counted and the other sinks still get
 * the alert.
 */
public interface AlertEvaluator {

    /**
     * Applies every rule that watches the sample's metric.
     *
     * @param sample the sample
     * @return the alerts sent because of this sample, often empty
     * @throws NullPointerException if {@code sample} is null
     */
    List<Alert> evaluate(MetricSample sample);

    /**
     * Starts the rules of some kinds afresh for one endpoint: what a monitor does when it is
     * re-baselined, since a breach measured against the old reference says nothing about the new
     * one. An incident that was announced as FIRED is closed with a RESOLVED alert whose value is
     * NaN and whose window is {@code reason}; pending holds are forgotten. The cooldown of each rule
     * is kept.
     *
     * @param endpoint the endpoint
     * @param kinds the kinds of rule to reset, for example {@code DATA_DRIFT}
     * @param reason why, in the RESOLVED alerts' window field
     * @return the RESOLVED alerts sent
     */
    List<Alert> reset(String endpoint, java.util.Set<org.mlops4j.core.signal.SignalKind> kinds, String reason);

    /**
     * Returns the rules, in the order given.
     *
     * @return an immutable list
     */
    List<AlertRule> rules();

    /**
     * Returns how many (sample, rule) pairs were ignored because the value was NaN.
     *
     * @return the count since creation
     */
    long ignoredNaN();

    /**
     * Returns how many FIRED alerts the cooldown suppressed.
     *
     * @return the count since creation
     */
    long suppressedByCooldown();

    /**
     * Returns how many sink calls threw.
     *
     * @return the count since creation
     */
    long sinkFailures();

    /**
     * Returns how many FIRED alerts were not sent because another replica of the fleet holds the
     * incident ({@link FleetAlerts}).
     *
     * @return the count since creation; 0 for an evaluator alone in its JVM
     */
    default long suppressedByFleet() {
        return 0;
    }

    /**
     * Returns how many reads or writes of the fleet's firing records failed (each logged at WARN).
     *
     * @return the count since creation; 0 for an evaluator alone in its JVM
     */
    default long fleetFailures() {
        return 0;
    }

    /**
     * Creates an evaluator that sends alerts to the SLF4J log ({@link AlertSinks#log()}).
     *
     * @param clock the time source for hold durations, cooldowns and alert timestamps
     * @param rules the rules, with distinct names
     * @return the evaluator
     * @throws NullPointerException if an argument or element is null
     * @throws IllegalArgumentException if two rules share a name
     */
    static AlertEvaluator of(Clock clock, List<AlertRule> rules) {
        return of(clock, rules, List.of(AlertSinks.log()));
    }

    /**
     * Creates an evaluator.
     *
     * @param clock the time source for hold durations, cooldowns and alert timestamps
     * @param rules the rules, with distinct names
     * @param sinks where alerts go, in order; may be empty
     * @return the evaluator
     * @throws NullPointerException if an argument or element is null
     * @throws IllegalArgumentException if two rules share a name
     */
    static AlertEvaluator of(Clock clock, List<AlertRule> rules, List<AlertSink> sinks) {
        return new RuleStates(Objects.requireNonNull(clock, "clock"), rules, sinks);
    }

    /**
     * Creates an evaluator for one replica of a fleet: the same state machine per rule, endpoint and
     * model, with the firing state shared so that an incident pages once fleet-wide
     * ({@link FleetAlerts}). Each sample that fires or keeps a rule firing reads the firing record and
     * may write it (two store round trips on the thread that evaluates, the monitor's analysis thread
     * by default); other samples do not touch the store.
     *
     * @param clock the time source for hold durations, cooldowns, record expiry and alert timestamps
     * @param rules the rules, with distinct names, the same on every replica
     * @param sinks where alerts go, in order; may be empty
     * @param fleet the fleet's store, this replica's id and the record expiry
     * @return the evaluator
     * @throws NullPointerException if an argument or element is null
     * @throws IllegalArgumentException if two rules share a name
     */
    static AlertEvaluator fleet(Clock clock, List<AlertRule> rules, List<AlertSink> sinks, FleetAlerts fleet) {
        return new RuleStates(Objects.requireNonNull(clock, "clock"), rules, sinks,
                Objects.requireNonNull(fleet, "fleet"));
    }
}
