package org.mlops4j.core.fleet;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link FleetState#inMemory()}: maps under one monitor per primitive; the queues keep offer order. */
final class InMemoryFleetState implements FleetState {

    private final ConcurrentHashMap<String, Register> registers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<String, Double>>> counters = new HashMap<>();
    private final Map<String, ArrayDeque<QueuedItem>> queues = new HashMap<>();

    @Override
    public Optional<Register> read(String key) {
        return Optional.ofNullable(registers.get(FleetState.checkName("key", key)));
    }

    @Override
    public boolean compareAndSet(String key, long expectedVersion, String value) {
        FleetState.checkWrite(key, expectedVersion, value);
        Register next = new Register(key, value, expectedVersion + 1);
        if (expectedVersion == 0) {
            return registers.putIfAbsent(key, next) == null;
        }
        boolean[] written = new boolean[1];
        registers.computeIfPresent(key, (k, current) -> {
            written[0] = current.version() == expectedVersion;
            return written[0] ? next : current;
        });
        return written[0];
    }

    @Override
    public synchronized void publishCounters(String scope, String replica, Map<String, Double> cumulative) {
        FleetState.checkCounters(scope, replica, cumulative);
        counters.computeIfAbsent(scope, s -> new HashMap<>()).computeIfAbsent(replica, r -> new HashMap<>())
                .putAll(cumulative);
    }

    @Override
    public synchronized Map<String, Map<String, Double>> counters(String scope) {
        Map<String, Map<String, Double>> copy = new HashMap<>();
        counters.getOrDefault(FleetState.checkName("scope", scope), Map.of())
                .forEach((replica, values) -> copy.put(replica, Map.copyOf(values)));
        return Map.copyOf(copy);
    }

    @Override
    public boolean offer(String queue, String itemKey, String payload, int capacity) {
        FleetState.checkOffer(queue, itemKey, payload, capacity);
        synchronized (queues) {
            ArrayDeque<QueuedItem> items = queues.computeIfAbsent(queue, q -> new ArrayDeque<>());
            if (items.stream().anyMatch(i -> i.key().equals(itemKey))) {
                return true;
            }
            if (items.size() >= capacity) {
                return false;
            }
            items.addLast(new QueuedItem(itemKey, payload));
            return true;
        }
    }

    @Override
    public Optional<QueuedItem> take(String queue) {
        FleetState.checkName("queue", queue);
        synchronized (queues) {
            ArrayDeque<QueuedItem> items = queues.get(queue);
            return Optional.ofNullable(items == null ? null : items.pollFirst());
        }
    }

    @Override
    public int size(String queue) {
        FleetState.checkName("queue", queue);
        synchronized (queues) {
            ArrayDeque<QueuedItem> items = queues.get(queue);
            return items == null ? 0 : items.size();
        }
    }

    @Override
    public String toString() {
        return "FleetState.inMemory()";
    }
}
