package org.mlops4j.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.Severity;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code mlops} health indicator: DOWN when an endpoint cannot answer (its live variant failed
 * every request of its latest window: no loadable or working model), with the endpoint named;
 * UP otherwise, with each endpoint's live model and the firing alerts in the details. A firing
 * CRITICAL alert reports OUT_OF_SERVICE only with
 * {@code mlops.health.critical-alerts-out-of-service=true}: an alert should not take a pod out of a
 * load balancer unless asked.
 */
public final class MlopsHealthIndicator extends AbstractHealthIndicator {

    private final MlopsEndpoints endpoints;
    private final FiringAlerts alerts;
    private final boolean criticalOutOfService;

    MlopsHealthIndicator(MlopsEndpoints endpoints, FiringAlerts alerts, boolean criticalOutOfService) {
        super("mlops health check failed");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.criticalOutOfService = criticalOutOfService;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        for (ModelEndpoint<?, ?> e : endpoints.endpoints()) {
            Variant<?, ?> live = e.strategy().fallback();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("live", live.model().toString());
            Optional<WindowMetrics> latest = latest(e.name(), live, endpoints.monitor(e.name()));
            if (latest.isPresent() && latest.get().errorRatio() >= 1.0) {
                d.put("problem", "every request of the latest window (" + latest.get().predictions()
                        + ") failed: no working model");
                down.add(e.name());
            }
            details.put(e.name(), d);
        }
        List<Alert> firing = alerts.firing();
        List<Map<String, Object>> critical = firing.stream().filter(a -> a.severity() == Severity.CRITICAL)
                .map(MlopsView::alert).toList();
        details.put("firingAlerts", firing.size());
        details.put("criticalAlerts", critical);
        if (!down.isEmpty()) {
            builder.down().withDetail("down", down);
        } else if (!critical.isEmpty() && criticalOutOfService) {
            builder.status(Status.OUT_OF_SERVICE);
        } else {
            builder.up();
        }
        builder.withDetails(details);
    }

    private static Optional<WindowMetrics> latest(String endpoint, Variant<?, ?> v, Optional<ModelMonitor<?>> monitor) {
        return monitor.map(m -> MlopsView.windowsOf(m, endpoint, v)).filter(w -> !w.isEmpty())
                .map(w -> w.get(w.size() - 1));
    }
}
