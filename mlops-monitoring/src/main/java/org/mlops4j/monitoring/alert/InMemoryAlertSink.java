package org.mlops4j.monitoring.alert;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link AlertSink} that keeps every alert it receives, in order; for tests. Thread-safe. */
public final class InMemoryAlertSink implements AlertSink {

    private final CopyOnWriteArrayList<Alert> alerts = new CopyOnWriteArrayList<>();

    InMemoryAlertSink() {
    }

    @Override
    public void send(Alert alert) {
        alerts.add(alert);
    }

    /**
     * Returns the alerts received so far, oldest first.
     *
     * @return an immutable snapshot
     */
    public List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    /**
     * Returns the alerts of one kind received so far, oldest first.
     *
     * @param kind the kind
     * @return an immutable snapshot
     */
    public List<Alert> alerts(Alert.Kind kind) {
        return alerts.stream().filter(a -> a.kind() == kind).toList();
    }

    /** Forgets every alert received so far. */
    public void clear() {
        alerts.clear();
    }

    @Override
    public String toString() {
        return "InMemoryAlertSink[" + alerts.size() + " alerts]";
    }
}
