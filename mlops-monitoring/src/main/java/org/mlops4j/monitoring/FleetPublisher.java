package org.mlops4j.monitoring;

import java.util.Objects;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.core.fleet.WindowAggregate;

/**
 * Publishes each closed window of a {@link ModelMonitor} to a fleet's shared {@link FleetWindows}
 * under this replica's id, so that {@link org.mlops4j.core.fleet.FleetFigures} can merge every
 * replica's traffic. Give it to {@link ModelMonitor.Builder#listener}: a monitor built with it counts
 * what a fleet merges (and one built without it does not, so it refuses it later). It runs on the monitor's analysis
 * thread; a store failure is logged and counted by the monitor ({@code listenerFailures()}) and that
 * window is missing from the fleet's merge. Thread-safe as its store is.
 */
public final class FleetPublisher implements MonitorListener {

    private final String replica;
    private final FleetWindows windows;

    /**
     * Creates a publisher for one replica.
     *
     * @param replica this replica's id, stable across restarts (a pod or host name) so that a window
     *     published again after a retry counts once
     * @param windows the fleet's store
     * @throws IllegalArgumentException if {@code replica} is blank
     */
    public FleetPublisher(String replica, FleetWindows windows) {
        this.replica = FleetWindows.checkReplica(replica);
        this.windows = Objects.requireNonNull(windows, "windows");
    }

    @Override
    public void onWindowAggregate(WindowAggregate window) {
        windows.publish(replica, window);
    }

    @Override
    public String toString() {
        return "FleetPublisher[" + replica + " -> " + windows + "]";
    }
}
