package org.mlops4j.monitoring.alert;

import java.time.Duration;
import java.util.Objects;
import org.mlops4j.core.fleet.FleetState;

/**
 * How the replicas of a fleet share their alerts' firing state, so that a rule breached on several
 * replicas pages once ({@link AlertEvaluator#fleet}). Each rule, endpoint and model version has one
 * firing record in the fleet's {@link FleetState}, a register written with compare-and-set:
 * <ul>
 *   <li>the first replica whose rule fires claims the record and sends FIRED; a replica whose rule
 *       fires while another holds the record sends nothing (counted in
 *       {@link AlertEvaluator#suppressedByFleet()});</li>
 *   <li>the holder renews the record with each sample that keeps the rule firing; a record not renewed
 *       for {@code expiry} (its holder stopped or crashed) is taken over, silently, by the next replica
 *       still firing, which then owns the incident;</li>
 *   <li>the incident is RESOLVED by its holder, when the holder's rule clears (or is reset); a replica
 *       still breaching then claims the record again at its next sample and pages anew, subject to its
 *       cooldown.</li>
 * </ul>
 * When the store cannot be reached, an evaluator pages as if it were alone (a duplicate page rather
 * than a missed one), logs the failure at WARN and counts it ({@link AlertEvaluator#fleetFailures()}).
 *
 * @param state the fleet's store
 * @param replica this replica's id, unique in the fleet and stable across restarts
 * @param expiry how long a firing record lasts without renewal; longer than the time between two
 *     samples of a rule (the monitor's window), for example three windows
 */
public record FleetAlerts(FleetState state, String replica, Duration expiry) {

    /**
     * Validates the settings.
     *
     * @param state the fleet's store
     * @param replica this replica's id
     * @param expiry how long a firing record lasts without renewal, positive
     * @throws IllegalArgumentException naming the setting and its value
     */
    public FleetAlerts {
        Objects.requireNonNull(state, "state");
        FleetState.checkName("replica", replica);
        Objects.requireNonNull(expiry, "expiry");
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("expiry must be positive but was " + expiry);
        }
    }
}
