package org.mlops4j.monitoring;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bounded join window between predictions and the feedback that arrives for them later: what
 * a prediction's feedback will need, by prediction id, for the most recent {@code capacity}
 * predictions. When full, each new prediction evicts the oldest one. Thread-safe and lock-free;
 * {@link ModelMonitor} and the canary analysis keep one each.
 *
 * @param <V> what is kept per prediction
 */
public final class JoinWindow<V> {

    private final Map<String, V> entries = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<String> ring;
    private final AtomicLong next = new AtomicLong();

    /**
     * Creates an empty window.
     *
     * @param capacity predictions kept, >= 1
     * @throws IllegalArgumentException if {@code capacity} is below 1
     */
    public JoinWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    /**
     * Keeps a prediction, evicting the oldest when the window is full.
     *
     * @param predictionId the prediction's id
     * @param value what its feedback will need
     * @return true when a prediction still waiting for feedback was evicted to make room
     */
    public boolean put(String predictionId, V value) {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(value, "value");
        entries.put(predictionId, value);
        String evicted = ring.getAndSet((int) (next.getAndIncrement() % ring.length()), predictionId);
        return evicted != null && entries.remove(evicted) != null;
    }

    /**
     * Looks a prediction up and leaves it in the window (for signals that may come more than once).
     *
     * @param predictionId the prediction's id
     * @return what was kept, empty when unknown or evicted
     */
    public Optional<V> get(String predictionId) {
        return Optional.ofNullable(entries.get(Objects.requireNonNull(predictionId, "predictionId")));
    }

    /**
     * Takes a prediction out of the window (for feedback that comes once).
     *
     * @param predictionId the prediction's id
     * @return what was kept, empty when unknown, already taken or evicted
     */
    public Optional<V> take(String predictionId) {
        return Optional.ofNullable(entries.remove(Objects.requireNonNull(predictionId, "predictionId")));
    }

    /** Forgets every prediction. */
    public void clear() {
        entries.clear();
    }
}
