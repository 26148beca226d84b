package org.mlops4j.core.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mlops4j.core.registry.ModelRef;

/** {@link FleetWindows#inMemory()}: a concurrent map from the window's key to its window. */
final class InMemoryFleetWindows implements FleetWindows {

    private final Map<List<Object>, WindowAggregate> windows = new ConcurrentHashMap<>();

    @Override
    public void publish(String replica, WindowAggregate window) {
        FleetWindows.checkReplica(replica);
        Objects.requireNonNull(window, "window");
        windows.put(List.of(window.endpoint(), window.variant(), window.model(), replica, window.start()), window);
    }

    @Override
    public Optional<VariantAggregate> merged(String endpoint, String variant, ModelRef model, Instant from,
                                             Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return windows.values().stream()
                .filter(w -> w.endpoint().equals(endpoint) && w.variant().equals(variant) && w.model().equals(model)
                        && !w.start().isBefore(from) && w.start().isBefore(to))
                .map(WindowAggregate::figures)
                .reduce(VariantAggregate::merge);
    }

    @Override
    public int expire(Instant before) {
        Objects.requireNonNull(before, "before");
        int[] removed = new int[1];
        windows.values().removeIf(w -> {
            boolean old = w.end().isBefore(before);
            removed[0] += old ? 1 : 0;
            return old;
        });
        return removed[0];
    }

    @Override
    public String toString() {
        return "FleetWindows.inMemory(" + windows.size() + " windows)";
    }
}
