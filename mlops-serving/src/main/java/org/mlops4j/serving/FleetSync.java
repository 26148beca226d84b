package org.mlops4j.serving;

import java.time.Duration;
import java.util.Objects;
import org.mlops4j.core.fleet.FleetState;

/**
 * How a strategy shares its state with the other replicas of a fleet: the store they share, this
 * replica's id, and how often the strategy reads the fleet's state (and publishes its own). The
 * prediction path never waits for the store: routing reads what the last refresh found, so a change
 * made on one replica reaches the others within one {@code refresh} interval plus the time of one
 * refresh. When a refresh fails (the store is unreachable) the strategy keeps routing on the last
 * state it read, logs the failure at WARN and counts it; the next refresh tries again.
 *
 * @param state the shared store ({@code JdbcFleetState} on the fleet's database)
 * @param replica this replica's id, unique in the fleet and stable across restarts (a host name or
 *     pod name), non-blank, at most 250 characters
 * @param refresh how often to read the fleet's state, at least 10 ms
 */
public record FleetSync(FleetState state, String replica, Duration refresh) {

    /**
     * Validates the settings.
     *
     * @param state the shared store
     * @param replica this replica's id
     * @param refresh how often to read the fleet's state, at least 10 ms
     * @throws IllegalArgumentException naming the setting and its value
     */
    public FleetSync {
        Objects.requireNonNull(state, "state");
        FleetState.checkName("replica", replica);
        Objects.requireNonNull(refresh, "refresh");
        if (refresh.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("refresh must be at least 10 ms but was " + refresh);
        }
    }

    /**
     * Shares through a store, refreshing every second.
     *
     * @param state the shared store
     * @param replica this replica's id
     * @return the settings
     */
    public static FleetSync of(FleetState state, String replica) {
        return new FleetSync(state, replica, Duration.ofSeconds(1));
    }

    /**
     * @param value how often to read the fleet's state
     * @return a copy with that interval
     */
    public FleetSync withRefresh(Duration value) {
        return new FleetSync(state, replica, value);
    }
}
