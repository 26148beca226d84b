package org.mlops4j.serving;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a shared strategy's refresh on its own daemon thread every {@link FleetSync#refresh()}; a
 * failed refresh is logged and counted, and the next one runs as planned. Closed with the strategy.
 */
final class FleetRefresher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRefresher.class);

    private final ScheduledExecutorService scheduler;
    private final LongAdder failures = new LongAdder();

    FleetRefresher(String name, FleetSync sync, Runnable refresh) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlops-fleet-" + name);
            t.setDaemon(true);
            return t;
        });
        long millis = sync.refresh().toMillis();
        scheduler.scheduleWithFixedDelay(() -> run(name, refresh), millis, millis, TimeUnit.MILLISECONDS);
    }

    private void run(String name, Runnable refresh) {
        try {
            refresh.run();
        } catch (RuntimeException e) {
            // The store is down or slow: routing keeps the last state; say so and try again next time.
            failures.increment();
            LOG.warn("{}: refreshing the fleet's state failed ({} failures so far); routing keeps the last state read",
                    name, failures.sum(), e);
        }
    }

    long failures() {
        return failures.sum();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
