package org.mlops4j.core;

import java.time.Instant;

/**
 * The source of wall-clock time and of a monotonic nanosecond ticker for everything in mlops4j
 * that depends on time: event timestamps, latencies, rolling windows, cooldowns, schedules.
 *
 * <p>Production code uses {@link #system()}; tests inject a {@link ManualClock} so time-based
 * logic runs without sleeping. Implementations must be thread-safe.
 */
public interface Clock {

    /**
     * Returns the current wall-clock time.
     *
     * @return the current instant, never {@code null}
     */
    Instant now();

    /**
     * Returns a monotonic tick in nanoseconds, meaningful only as a difference between two calls
     * (like {@link System#nanoTime()}).
     *
     * @return the current tick in nanoseconds
     */
    long nanoTime();

    /**
     * Returns the clock backed by {@link System#currentTimeMillis()}-precision wall time and
     * {@link System#nanoTime()}.
     *
     * @return the shared, stateless system clock
     */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
