package org.mlops4j.spring.autoconfigure;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.ModelEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the monitors' clocks while the application runs, and shuts mlops4j down in order when it
 * stops. Its phase, {@link #PHASE}, is below the web server's, so Spring stops it after the server
 * has stopped taking requests and finished those in flight (graceful shutdown): then the closed
 * loops stop (no rollout decision during shutdown), the endpoints close (shadow executors and
 * timeout threads), the monitors analyse their last partial windows and close, and only after all
 * of that the context destroys the stores, which drains the tracker's pending writes.
 */
public final class MlopsLifecycle implements SmartLifecycle {

    /** Stops after the web server's graceful shutdown and its start/stop phases. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(MlopsLifecycle.class);

    private final MlopsEndpoints endpoints;
    private final Duration tickInterval;
    private volatile ScheduledExecutorService ticker;
    private volatile boolean running;

    MlopsLifecycle(MlopsEndpoints endpoints, Duration tickInterval) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.tickInterval = Objects.requireNonNull(tickInterval, "tickInterval");
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlops-monitor-clock");
            t.setDaemon(true);
            return t;
        });
        long period = tickInterval.toNanos();
        s.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.NANOSECONDS);
        ticker = s;
        running = true;
    }

    /** Closes every monitor's time windows that ended while their endpoint was quiet. */
    void tick() {
        for (ModelMonitor<?> m : endpoints.monitors()) {
            try {
                m.closeExpiredWindows();
            } catch (RuntimeException e) {
                LOG.error("closing the expired windows of {} failed", m, e);
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService s = ticker;
        if (s != null) {
            s.shutdownNow();
        }
        for (ClosedLoop<?, ?> loop : endpoints.loops()) {
            close("closed loop of '" + loop.endpoint().name() + "'", loop);
        }
        for (ModelEndpoint<?, ?> e : endpoints.endpoints()) {
            close("endpoint '" + e.name() + "'", e);
        }
        for (ModelMonitor<?> m : endpoints.monitors()) {
            try {
                m.flush();
            } catch (RuntimeException e) {
                LOG.error("flushing {} at shutdown failed", m, e);
            }
            close(m.toString(), m);
        }
        LOG.info("mlops4j stopped: {} closed loops, {} endpoints, {} monitors", endpoints.loops().size(),
                endpoints.endpoints().size(), endpoints.monitors().size());
    }

    private static void close(String what, AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.error("closing the {} at shutdown failed", what, e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
