package org.mlops4j.core.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link FleetWindows} store bounded: every {@code period} it removes the windows that ended
 * more than {@code retention} before the clock's now ({@link FleetWindows#expire}). Any one replica
 * (or every replica: expiry is idempotent) runs it on a scheduler the host owns. With windows of
 * {@code w} per replica, the store then holds at most about {@code (retention + period) / w} windows
 * per replica and variant.
 *
 * <p>A failing expiry (the database is down) is logged at WARN and counted ({@link #failures()}), and
 * the next run tries again. Thread-safe.
 */
public final class FleetRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRetention.class);

    private final FleetWindows windows;
    private final Duration retention;
    private final Clock clock;
    private final LongAdder expired = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile ScheduledFuture<?> task;

    private FleetRetention(FleetWindows windows, Duration retention, Clock clock) {
        this.windows = Objects.requireNonNull(windows, "windows");
        this.retention = positive(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A retention that expires only when {@link #expireNow()} is called: for a host that runs its
     * own schedule (a cron job, the closed loop's tick) and for tests.
     *
     * @param windows the fleet's store
     * @param retention how long a window is kept after it ended, positive
     * @param clock the clock whose now the retention is counted back from
     * @return the retention
     * @throws IllegalArgumentException if {@code retention} is not positive
     */
    public static FleetRetention of(FleetWindows windows, Duration retention, Clock clock) {
        return new FleetRetention(windows, retention, clock);
    }

    /**
     * Starts expiring old windows every {@code period} on a scheduler, the first time after one
     * period.
     *
     * @param windows the fleet's store
     * @param retention how long a window is kept after it ended, positive
     * @param period how often old windows are removed, positive
     * @param clock the clock whose now the retention is counted back from
     * @param scheduler runs the expiry; the host owns and stops it ({@link #close()} only cancels
     *     this task)
     * @return the running retention
     * @throws IllegalArgumentException if {@code retention} or {@code period} is not positive
     */
    public static FleetRetention schedule(FleetWindows windows, Duration retention, Duration period, Clock clock,
                                          ScheduledExecutorService scheduler) {
        long every = positive(period, "period").toNanos();
        Objects.requireNonNull(scheduler, "scheduler");
        FleetRetention r = new FleetRetention(windows, retention, clock);
        r.task = scheduler.scheduleAtFixedRate(r::expireGuarded, every, every, TimeUnit.NANOSECONDS);
        return r;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + d);
        }
        return d;
    }

    /**
     * Removes now the windows that ended more than the retention ago.
     *
     * @return how many windows were removed
     * @throws org.mlops4j.core.StoreException if the store fails
     */
    public int expireNow() {
        Instant cutoff = clock.now().minus(retention);
        int n = windows.expire(cutoff);
        expired.add(n);
        LOG.debug("expired {} fleet windows that ended before {}", n, cutoff);
        return n;
    }

    /** A scheduled run: a failure must not cancel the schedule (an exception would end it). */
    private void expireGuarded() {
        try {
            expireNow();
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warn("expiring old fleet windows of {} failed ({} failures so far); the next run tries again",
                    windows, failures.sum(), e);
        }
    }

    /** @return how long a window is kept after it ended */
    public Duration retention() {
        return retention;
    }

    /** @return windows removed so far */
    public long expired() {
        return expired.sum();
    }

    /** @return scheduled runs that failed (logged) */
    public long failures() {
        return failures.sum();
    }

    /** Stops the schedule, if any; the scheduler itself is the host's. Idempotent. */
    @Override
    public void close() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "FleetRetention[" + windows + ", retention " + retention + "]";
    }
}
