package org.mlops4j.spring.autoconfigure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertSink;

/**
 * An alert sink that knows which alerts are firing now: a FIRED alert opens an incident of its rule,
 * endpoint and model, the RESOLVED alert of the same rule, endpoint and model closes it. The
 * Actuator endpoint, the dashboard and the health indicator read it. The starter's monitor sends to
 * it; a monitor of the application's own lists it among its sinks. Also keeps the latest alerts of
 * either kind (at most 100). Thread-safe.
 */
public final class FiringAlerts implements AlertSink {

    /** How many of the latest alerts {@link #recent()} keeps. */
    public static final int RECENT = 100;

    private final Map<String, Alert> firing = new LinkedHashMap<>();
    private final Deque<Alert> recent = new ArrayDeque<>();

    @Override
    public void send(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        String key = alert.rule() + '\u0000' + alert.endpoint() + '\u0000' + alert.model();
        synchronized (this) {
            if (alert.kind() == Alert.Kind.FIRED) {
                firing.put(key, alert);
            } else {
                firing.remove(key);
            }
            recent.addLast(alert);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
    }

    /** @return the FIRED alerts not resolved since, oldest first */
    public synchronized List<Alert> firing() {
        return new ArrayList<>(firing.values());
    }

    /**
     * The alerts firing on one endpoint.
     *
     * @param endpoint the endpoint's name
     * @return its FIRED alerts not resolved since, oldest first
     */
    public synchronized List<Alert> firing(String endpoint) {
        return firing.values().stream().filter(a -> a.endpoint().equals(endpoint)).toList();
    }

    /** @return the latest alerts, FIRED and RESOLVED, oldest first */
    public synchronized List<Alert> recent() {
        return new ArrayList<>(recent);
    }

    @Override
    public synchronized String toString() {
        return "FiringAlerts[" + firing.size() + " firing]";
    }
}
