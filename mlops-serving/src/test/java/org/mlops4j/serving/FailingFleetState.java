package org.mlops4j.serving;

import java.util.Map;
import java.util.Optional;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.fleet.FleetState;

/** A fleet store that fails every call while {@link #down} is set: the store is unreachable. */
class FailingFleetState implements FleetState {

    private final FleetState delegate;
    volatile boolean down;

    FailingFleetState(FleetState delegate) {
        this.delegate = delegate;
    }

    private void check() {
        if (down) {
            throw new StoreException("test store is down");
        }
    }

    @Override
    public Optional<Register> read(String key) {
        check();
        return delegate.read(key);
    }

    @Override
    public boolean compareAndSet(String key, long expectedVersion, String value) {
        check();
        return delegate.compareAndSet(key, expectedVersion, value);
    }

    @Override
    public void publishCounters(String scope, String replica, Map<String, Double> cumulative) {
        check();
        delegate.publishCounters(scope, replica, cumulative);
    }

    @Override
    public Map<String, Map<String, Double>> counters(String scope) {
        check();
        return delegate.counters(scope);
    }

    @Override
    public boolean offer(String queue, String itemKey, String payload, int capacity) {
        check();
        return delegate.offer(queue, itemKey, payload, capacity);
    }

    @Override
    public Optional<QueuedItem> take(String queue) {
        check();
        return delegate.take(queue);
    }

    @Override
    public int size(String queue) {
        check();
        return delegate.size(queue);
    }
}
