package org.mlops4j.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.ModelEndpoint;

/**
 * What the starter found in the application context: the model endpoints (by name), the closed
 * loops driving them, and the monitors. The Actuator endpoint, the health indicator, the meters and
 * the shutdown read it.
 */
public final class MlopsEndpoints {

    private final Map<String, ModelEndpoint<?, ?>> endpoints;
    private final Map<String, ClosedLoop<?, ?>> loops;
    private final List<ModelMonitor<?>> monitors;
    private final Map<String, ModelMonitor<?>> monitorOf;
    private final List<String> names;

    MlopsEndpoints(List<ModelEndpoint<?, ?>> endpoints, List<ClosedLoop<?, ?>> loops, List<ModelMonitor<?>> monitors,
                   Map<String, ModelMonitor<?>> monitorOf) {
        Map<String, ModelEndpoint<?, ?>> byName = new LinkedHashMap<>();
        for (ModelEndpoint<?, ?> e : endpoints) {
            ModelEndpoint<?, ?> other = byName.put(e.name(), e);
            if (other != null && other != e) {
                throw new IllegalStateException("two ModelEndpoint beans are named '" + e.name()
                        + "': endpoint names must be unique (they name the metrics and the Actuator entries)");
            }
        }
        Map<String, ClosedLoop<?, ?>> loopByName = new LinkedHashMap<>();
        for (ClosedLoop<?, ?> l : loops) {
            byName.putIfAbsent(l.endpoint().name(), l.endpoint());
            if (loopByName.put(l.endpoint().name(), l) != null) {
                throw new IllegalStateException("two ClosedLoop beans drive the endpoint '" + l.endpoint().name() + "'");
            }
        }
        this.endpoints = Map.copyOf(byName);
        this.loops = Map.copyOf(loopByName);
        this.monitors = List.copyOf(monitors);
        this.monitorOf = Map.copyOf(monitorOf);
        this.names = List.copyOf(byName.keySet());
    }

    /** @return the endpoints' names, in the order the context gave them */
    public List<String> names() {
        return names;
    }

    /**
     * One endpoint.
     *
     * @param name its name
     * @return the endpoint, when there is one of that name
     */
    public Optional<ModelEndpoint<?, ?>> endpoint(String name) {
        return Optional.ofNullable(endpoints.get(Objects.requireNonNull(name, "name")));
    }

    /**
     * The closed loop driving an endpoint.
     *
     * @param name the endpoint's name
     * @return its loop, when a ClosedLoop bean drives it
     */
    public Optional<ClosedLoop<?, ?>> loop(String name) {
        return Optional.ofNullable(loops.get(name));
    }

    /**
     * The monitor watching an endpoint: its closed loop's, or the starter's.
     *
     * @param name the endpoint's name
     * @return the monitor, when one watches it
     */
    public Optional<ModelMonitor<?>> monitor(String name) {
        return Optional.ofNullable(monitorOf.get(name));
    }

    /** @return every endpoint, in {@link #names()} order */
    public List<ModelEndpoint<?, ?>> endpoints() {
        List<ModelEndpoint<?, ?>> all = new ArrayList<>();
        names.forEach(n -> all.add(endpoints.get(n)));
        return all;
    }

    /** @return every closed loop */
    public List<ClosedLoop<?, ?>> loops() {
        List<ClosedLoop<?, ?>> all = new ArrayList<>();
        names.forEach(n -> loop(n).ifPresent(all::add));
        return all;
    }

    /** @return every monitor: the application's and the starter's */
    public List<ModelMonitor<?>> monitors() {
        return monitors;
    }

    @Override
    public String toString() {
        return "MlopsEndpoints" + names;
    }
}
