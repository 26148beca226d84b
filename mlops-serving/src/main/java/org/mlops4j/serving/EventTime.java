package org.mlops4j.serving;

import java.time.Instant;
import java.util.Objects;
import org.mlops4j.core.Clock;

/**
 * The wall-clock time of an endpoint's prediction events, read without a second clock call.
 *
 * <p>An observed call reads the endpoint's monotonic ticker when the model is called and when it
 * returns (for the latency); the event's timestamp is the wall-clock time of that second read.
 * With {@link Clock#system()}, the wall clock and the ticker ({@code CLOCK_REALTIME} and
 * {@code CLOCK_MONOTONIC} on Linux) advance together: NTP slews both alike, and only a step of the
 * system clock (or a leap second) moves one against the other. So the wall clock is read once a
 * second, paired with a ticker read (the anchor), and each event's time is the anchor's wall time
 * plus the ticks since: the same instant {@code Instant.now()} would have given, to within the
 * anchor's reading error (the time between the two ticker reads around it, a few tens of
 * nanoseconds), and a step of the system clock reaches the events within a second. Reading the
 * wall clock per event ({@code Instant.now()}, 30 to 45 ns here) was a third of what building an
 * event cost.
 *
 * <p>With any other clock (a {@code ManualClock} in tests, a clock of your own), the ticker and
 * the wall clock need not move together, so every event asks the clock ({@link #timestamp}).
 *
 * <p>Thread-safe: the anchor is an immutable pair in a volatile field; threads that refresh it at
 * once each write a valid anchor.
 */
final class EventTime {

    /** How long an anchor is used before the wall clock is read again. */
    static final long RESYNC_NANOS = 1_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Clock clock;
    private final boolean derived;
    private volatile Anchor anchor;

    /** A ticker read and the wall-clock time, in nanoseconds since the epoch, at the same moment. */
    private record Anchor(long tick, long epochNanos) {
    }

    /**
     * @param clock the endpoint's clock; only {@link Clock#system()} has its times derived from the ticker
     */
    EventTime(Clock clock) {
        this(clock, clock == Clock.system());
    }

    /**
     * @param clock the clock
     * @param derived whether event times come from its ticker and an anchor read once a second (tests
     *     give a manual clock whose ticker and wall clock they move together or apart)
     */
    EventTime(Clock clock, boolean derived) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.derived = derived;
        this.anchor = derived ? read() : new Anchor(0L, 0L);
    }

    /** @return true when event times come from the ticker ({@link #epochNanos}), false when the clock gives them */
    boolean derived() {
        return derived;
    }

    /**
     * The wall-clock time of a tick of the system clock.
     *
     * @param tick a {@code System.nanoTime()} reading
     * @return the wall-clock time at that tick, in nanoseconds since the epoch
     */
    long epochNanos(long tick) {
        Anchor a = anchor;
        long since = tick - a.tick;
        if (since < RESYNC_NANOS && since > -RESYNC_NANOS) {
            return a.epochNanos + since;
        }
        a = read();
        anchor = a;
        return a.epochNanos + (tick - a.tick);
    }

    /**
     * The timestamp of an event when the clock is not the system clock.
     *
     * @return the clock's current time
     */
    Instant timestamp() {
        return clock.now();
    }

    /** Reads the wall clock between two ticker reads, and pairs it with their midpoint. */
    private Anchor read() {
        long before = clock.nanoTime();
        Instant now = clock.now();
        long after = clock.nanoTime();
        long epochNanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), NANOS_PER_SECOND), now.getNano());
        return new Anchor(before + (after - before) / 2, epochNanos);
    }
}
